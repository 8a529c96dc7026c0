package io.momoko.sample;

import io.momoko.SslMode;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;

/**
 * Starts a PostgreSQL of the application's own when no database is configured ({@code momoko.url} or
 * {@code momoko.host}), and hands it to the pool through {@link MomokoConnectionDetails}, the same way
 * {@code @ServiceConnection} does for a container.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseConfigured.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        return EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
    }

    @Bean
    MomokoConnectionDetails embeddedConnectionDetails(EmbeddedPostgres postgres) {
        return new MomokoConnectionDetails() {
            @Override
            public String getHost() {
                return "localhost";
            }

            @Override
            public int getPort() {
                return postgres.getPort();
            }

            @Override
            public String getDatabase() {
                return "postgres";
            }

            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return null;
            }

            @Override
            public SslMode getSslMode() {
                return SslMode.DISABLE;
            }
        };
    }

    static final class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("momoko.url")
                    && !context.getEnvironment().containsProperty("momoko.host");
        }
    }
}
