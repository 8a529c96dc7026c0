package org.springframework.boot.docker.compose.service.connection;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.mock.env.MockEnvironment;

/**
 * Builds a {@link DockerComposeConnectionSource} as Spring Boot does for a running Compose service. It lives in
 * Boot's package because the class is final with a package-private constructor.
 */
public final class TestDockerComposeConnectionSources {

    private TestDockerComposeConnectionSources() {
    }

    /**
     * Creates a source for a service.
     *
     * @param service the running service
     * @return the source
     */
    public static DockerComposeConnectionSource of(RunningService service) {
        return new DockerComposeConnectionSource(service, new MockEnvironment());
    }
}
