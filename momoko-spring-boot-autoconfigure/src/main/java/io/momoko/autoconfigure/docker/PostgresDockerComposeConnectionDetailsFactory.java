package io.momoko.autoconfigure.docker;

import io.momoko.SslMode;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * Lets a {@code postgres} service in {@code compose.yaml} configure the Momoko pool when the application uses
 * {@code spring-boot-docker-compose}: the service's host and mapped port 5432, and the user, password and
 * database from its {@code POSTGRES_*} environment, replace the {@code momoko.*} ones. Images named
 * {@code postgres} (official) and {@code bitnami/postgresql} match, as for Boot's JDBC and R2DBC support.
 * Registered in {@code META-INF/spring.factories}.
 */
class PostgresDockerComposeConnectionDetailsFactory
        extends DockerComposeConnectionDetailsFactory<MomokoConnectionDetails> {

    private static final int POSTGRES_PORT = 5432;

    PostgresDockerComposeConnectionDetailsFactory() {
        super(new String[] { "postgres", "bitnami/postgresql" }, "io.momoko.Pool");
    }

    @Override
    protected MomokoConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
        return new ServiceDetails(source.getRunningService());
    }

    /** The running service's address and credentials, read once when the service is found. */
    static final class ServiceDetails extends DockerComposeConnectionDetails implements MomokoConnectionDetails {

        private final String host;
        private final int port;
        private final PostgresEnvironment environment;

        ServiceDetails(RunningService service) {
            super(service);
            this.host = service.host();
            this.port = service.ports().get(POSTGRES_PORT);
            this.environment = PostgresEnvironment.of(service.env());
        }

        @Override
        public String getHost() {
            return host;
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public String getDatabase() {
            return environment.database();
        }

        @Override
        public String getUsername() {
            return environment.username();
        }

        @Override
        public String getPassword() {
            return environment.password();
        }

        @Override
        public SslMode getSslMode() {
            // The images serve no certificate unless configured to; prefer would only cost a refused TLS probe.
            return SslMode.DISABLE;
        }

        @Override
        public String toString() {
            return "PostgresDockerComposeConnectionDetails[" + host + ":" + port + ", " + environment + "]";
        }
    }
}
