package org.springframework.boot.testcontainers.service.connection;

import org.springframework.boot.origin.Origin;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.testcontainers.containers.Container;

/**
 * Builds a {@link ContainerConnectionSource} as Spring Boot does for a {@code @ServiceConnection} field. It
 * lives in Boot's package because the constructor is package-private (Boot's own tests do the same).
 */
public final class TestContainerConnectionSources {

    private TestContainerConnectionSources() {
    }

    /**
     * Creates a source for a container.
     *
     * @param type the container class
     * @param image the image name
     * @param container the container
     * @param <C> the container type
     * @return the source
     */
    public static <C extends Container<?>> ContainerConnectionSource<C> create(Class<C> type, String image, C container) {
        return new ContainerConnectionSource<>("test", Origin.from("test"), type, image,
                MergedAnnotation.of(ServiceConnection.class), () -> container, null, MergedAnnotations.of(java.util.List.of()));
    }
}
