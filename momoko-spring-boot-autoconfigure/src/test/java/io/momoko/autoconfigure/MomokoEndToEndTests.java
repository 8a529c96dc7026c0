package io.momoko.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.autoconfigure.health.MomokoHealthIndicator;
import io.momoko.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole auto-configuration in a Spring Boot application, against the real test database. */
@SpringBootTest(classes = MomokoEndToEndTests.Application.class)
class MomokoEndToEndTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ConnectOptions db = TestDatabase.get().options();
        registry.add("momoko.host", db::host);
        registry.add("momoko.port", db::port);
        registry.add("momoko.database", db::database);
        registry.add("momoko.username", db::user);
        registry.add("momoko.password", () -> db.password() == null ? "" : db.password());
        registry.add("momoko.ssl-mode", () -> db.sslMode().dsnValue());
        registry.add("momoko.pool.name", () -> "e2e");
        registry.add("momoko.pool.size", () -> 2);
    }

    @Autowired
    private Pool pool;

    @Autowired
    private MomokoHealthIndicator health;

    @Autowired
    private MeterRegistry registry;

    @Test
    void servesQueriesReportsHealthAndRecordsMeters() {
        assertThat(pool.execute("SELECT %s * 2", 21).join().fetchOne().get(0)).isEqualTo(42);
        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
        assertThat(registry.get("momoko.pool.connections.max").tag("pool", "e2e").gauge().value()).isEqualTo(10);
        assertThat(registry.get("momoko.query").tag("outcome", "success").functionTimer().count()).isGreaterThanOrEqualTo(1);
        assertThat(pool.stats().total()).isGreaterThanOrEqualTo(2);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
