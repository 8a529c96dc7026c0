package io.momoko.autoconfigure.jdbc;

import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Derives Boot's JDBC connection details from {@link MomokoConnectionDetails}, so that Flyway (and any other
 * JDBC tool Boot configures) works on the pool's database with no second URL; the pool waits for the migrations
 * ({@code PoolDependsOnDatabaseInitializationDetector}). Applications that name a JDBC database themselves
 * ({@code spring.datasource.url}, {@code spring.flyway.url}, or their own {@code DataSource} bean) keep it.
 * Flyway needs {@code org.postgresql:postgresql} and {@code org.flywaydb:flyway-database-postgresql} at run time.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class,
        beforeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass({ JdbcConnectionDetails.class, io.momoko.Pool.class })
@ConditionalOnBean(MomokoConnectionDetails.class)
@Conditional(MomokoJdbcConnectionDetailsAutoConfiguration.NoJdbcDatabaseOfItsOwn.class)
public final class MomokoJdbcConnectionDetailsAutoConfiguration {

    MomokoJdbcConnectionDetailsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    MomokoJdbcConnectionDetails momokoJdbcConnectionDetails(MomokoConnectionDetails momoko) {
        return new MomokoJdbcConnectionDetails(momoko);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlywayConnectionDetails.class)
    @Conditional(NoFlywayUrl.class)
    static class FlywayConfiguration {

        @Bean
        @ConditionalOnMissingBean(FlywayConnectionDetails.class)
        MomokoFlywayConnectionDetails momokoFlywayConnectionDetails(JdbcConnectionDetails jdbc) {
            return new MomokoFlywayConnectionDetails(jdbc);
        }
    }

    /** {@code spring.flyway.url} is not set: with it, Boot's own Flyway connection details win. */
    static final class NoFlywayUrl extends NoneNestedConditions {

        NoFlywayUrl() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "spring.flyway", name = "url")
        static final class FlywayUrl {
        }
    }

    /** The application has not named a JDBC database of its own. */
    static final class NoJdbcDatabaseOfItsOwn extends NoneNestedConditions {

        NoJdbcDatabaseOfItsOwn() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "spring.datasource", name = "url")
        static final class DataSourceUrl {
        }

        @ConditionalOnBean(DataSource.class)
        static final class DataSourceBean {
        }
    }
}
