package io.momoko.autoconfigure.testcontainers;

import io.momoko.Pool;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @ServiceConnection} with a real PostgreSQL container; runs only where Docker is available. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = ServiceConnectionIntegrationTests.Application.class)
class ServiceConnectionIntegrationTests {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @Autowired
    private Pool pool;

    @Test
    void configuresThePoolFromTheContainer() {
        assertThat(pool.execute("SELECT current_database()").join().fetchOne().get(0))
                .isEqualTo(POSTGRES.getDatabaseName());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
