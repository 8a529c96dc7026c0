package io.momoko.autoconfigure.testcontainers;

import io.momoko.SslMode;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.TestContainerConnectionSources;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Maps a container to connection details. The container is a mock here because these machines have no
 * Docker; {@link ServiceConnectionIntegrationTests} does it with a real one where Docker exists.
 */
class PostgresContainerConnectionDetailsFactoryTests {

    @Test
    void isRegisteredAndMapsTheContainer() throws Exception {
        PostgreSQLContainer container = mock(PostgreSQLContainer.class);
        given(container.getHost()).willReturn("docker.host");
        given(container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)).willReturn(32768);
        given(container.getDatabaseName()).willReturn("shop");
        given(container.getUsername()).willReturn("app");
        given(container.getPassword()).willReturn("secret");
        given(container.getDockerImageName()).willReturn("postgres:17");
        ContainerConnectionSource<PostgreSQLContainer> source = TestContainerConnectionSources.create(
                PostgreSQLContainer.class, "postgres:17", container);

        Map<Class<?>, ?> details = new ConnectionDetailsFactories(null).getConnectionDetails(source, false);

        MomokoConnectionDetails momoko = (MomokoConnectionDetails) details.get(MomokoConnectionDetails.class);
        assertThat(momoko).isNotNull();
        // Spring initializes the details as a bean once the container is started.
        ((org.springframework.beans.factory.InitializingBean) momoko).afterPropertiesSet();
        assertThat(momoko.getHost()).isEqualTo("docker.host");
        assertThat(momoko.getPort()).isEqualTo(32768);
        assertThat(momoko.getDatabase()).isEqualTo("shop");
        assertThat(momoko.getUsername()).isEqualTo("app");
        assertThat(momoko.getPassword()).isEqualTo("secret");
        assertThat(momoko.getSslMode()).isEqualTo(SslMode.DISABLE);
    }

}
