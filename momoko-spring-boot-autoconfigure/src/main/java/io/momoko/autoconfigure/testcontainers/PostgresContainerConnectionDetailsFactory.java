package io.momoko.autoconfigure.testcontainers;

import io.momoko.SslMode;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Lets {@code @ServiceConnection} on a Testcontainers {@link PostgreSQLContainer} configure the Momoko pool:
 * the container's mapped host and port, database, user and password replace the {@code momoko.*} ones.
 */
class PostgresContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<PostgreSQLContainer, MomokoConnectionDetails> {

    PostgresContainerConnectionDetailsFactory() {
        super(ANY_CONNECTION_NAME, "io.momoko.Pool");
    }

    @Override
    protected MomokoConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<PostgreSQLContainer> source) {
        return new ContainerDetails(source);
    }

    /** Reads the container only when asked: it is started after the details are created. */
    static final class ContainerDetails extends ContainerConnectionDetails<PostgreSQLContainer>
            implements MomokoConnectionDetails {

        ContainerDetails(ContainerConnectionSource<PostgreSQLContainer> source) {
            super(source);
        }

        @Override
        public String getHost() {
            return getContainer().getHost();
        }

        @Override
        public int getPort() {
            return getContainer().getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        }

        @Override
        public String getDatabase() {
            return getContainer().getDatabaseName();
        }

        @Override
        public String getUsername() {
            return getContainer().getUsername();
        }

        @Override
        public String getPassword() {
            return getContainer().getPassword();
        }

        @Override
        public SslMode getSslMode() {
            // The official image serves no certificate.
            return SslMode.DISABLE;
        }
    }
}
