package io.momoko.autoconfigure.docker;

import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.SslMode;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import io.momoko.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.service.connection.TestDockerComposeConnectionSources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A {@code postgres} service in {@code compose.yaml} becomes the pool's connection details. Docker is absent on
 * the build machines, so the services are written by hand ({@link HandWrittenService}); the last test points
 * one at the real test database to show the mapped details connect.
 */
class PostgresDockerComposeConnectionDetailsFactoryTests {

    private final PostgresDockerComposeConnectionDetailsFactory factory = new PostgresDockerComposeConnectionDetailsFactory();

    @Test
    void theOfficialImagesEnvironmentAndMappedPortGiveTheDetails() {
        MomokoConnectionDetails details = details(new HandWrittenService("postgres:17", "127.0.0.1", 5432, 54329,
                Map.of("POSTGRES_USER", "shop", "POSTGRES_PASSWORD", "s3cret", "POSTGRES_DB", "orders")));
        ConnectOptions options = details.getConnectOptions();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(54329);
        assertThat(options.user()).isEqualTo("shop");
        assertThat(options.password()).isEqualTo("s3cret");
        assertThat(options.database()).isEqualTo("orders");
        assertThat(options.sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(details.toString()).doesNotContain("s3cret");
    }

    @Test
    void userAndDatabaseDefaultAsTheImageDoes() {
        MomokoConnectionDetails details = details(new HandWrittenService("library/postgres:15", "localhost", 5432,
                40000, Map.of("POSTGRES_PASSWORD", "pw")));
        assertThat(details.getUsername()).isEqualTo("postgres");
        assertThat(details.getDatabase()).isEqualTo("postgres");
        assertThat(details.getDatabase()).isEqualTo(details.getUsername());
    }

    @Test
    void aDatabaseDefaultsToTheUsersName() {
        assertThat(details(new HandWrittenService("postgres", "localhost", 5432, 40000,
                Map.of("POSTGRES_USER", "shop", "POSTGRES_PASSWORD", "pw"))).getDatabase()).isEqualTo("shop");
    }

    @Test
    void bitnamisVariablesWorkToo() {
        MomokoConnectionDetails details = details(new HandWrittenService("bitnami/postgresql:16", "localhost", 5432,
                40001, Map.of("POSTGRESQL_USERNAME", "app", "POSTGRESQL_PASSWORD", "pw", "POSTGRESQL_DATABASE", "shop")));
        assertThat(details.getUsername()).isEqualTo("app");
        assertThat(details.getPassword()).isEqualTo("pw");
        assertThat(details.getDatabase()).isEqualTo("shop");
    }

    @Test
    void trustAuthenticationNeedsNoPassword() {
        assertThat(details(new HandWrittenService("postgres", "localhost", 5432, 40000,
                Map.of("POSTGRES_HOST_AUTH_METHOD", "trust"))).getPassword()).isNull();
    }

    @Test
    void noPasswordAndNoTrustSaysWhatToSet() {
        HandWrittenService service = new HandWrittenService("postgres", "localhost", 5432, 40000, Map.of());
        assertThatIllegalStateException().isThrownBy(() -> details(service))
                .withMessageContaining("POSTGRES_PASSWORD").withMessageContaining("POSTGRES_HOST_AUTH_METHOD=trust");
    }

    @Test
    void otherImagesAreNotPostgresql() {
        assertThat(factory.getConnectionDetails(TestDockerComposeConnectionSources.of(
                new HandWrittenService("redis:7", "localhost", 6379, 40002, Map.of())))).isNull();
    }

    @Test
    void bootFindsTheFactoryThroughSpringFactories() {
        Map<Class<?>, ?> found = new ConnectionDetailsFactories(getClass().getClassLoader()).getConnectionDetails(
                TestDockerComposeConnectionSources.of(new HandWrittenService("postgres:17", "localhost", 5432, 40003,
                        Map.of("POSTGRES_PASSWORD", "pw"))), false);
        assertThat(found.get(MomokoConnectionDetails.class))
                .isInstanceOf(PostgresDockerComposeConnectionDetailsFactory.ServiceDetails.class);
    }

    @Test
    void theMappedDetailsConnectThePool() {
        ConnectOptions db = TestDatabase.get().options();
        Map<String, String> env = new HashMap<>(Map.of("POSTGRES_USER", db.user(), "POSTGRES_DB", db.database()));
        if (db.password() != null) {
            env.put("POSTGRES_PASSWORD", db.password());
        } else {
            env.put("POSTGRES_HOST_AUTH_METHOD", "trust");
        }
        // Like a compose service, the test database takes plain connections (the details ask for no TLS).
        MomokoConnectionDetails details = details(new HandWrittenService("postgres:17", db.host(), 5432, db.port(), env));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .withBean(MomokoConnectionDetails.class, () -> details)
                .run(context -> assertThat(context.getBean(Pool.class).execute("SELECT current_database() AS db")
                        .join().fetchOne().getString("db")).isEqualTo(db.database()));
    }

    private MomokoConnectionDetails details(HandWrittenService service) {
        return factory.getConnectionDetails(TestDockerComposeConnectionSources.of(service));
    }
}
