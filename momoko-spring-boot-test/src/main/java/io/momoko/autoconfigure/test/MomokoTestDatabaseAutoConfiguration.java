package io.momoko.autoconfigure.test;

import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The embedded test database behind {@link AutoConfigureMomokoTestDatabase}: imported only by that
 * annotation, never by the application's own auto-configuration. Runs before {@link MomokoAutoConfiguration},
 * whose properties-backed details then back off.
 */
@AutoConfiguration(before = MomokoAutoConfiguration.class)
@ConditionalOnClass(EmbeddedPostgres.class)
@Conditional(MomokoTestDatabaseAutoConfiguration.NoDatabaseConfigured.class)
public final class MomokoTestDatabaseAutoConfiguration {

    MomokoTestDatabaseAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(MomokoConnectionDetails.class)
    EmbeddedMomokoConnectionDetails momokoTestDatabaseConnectionDetails() {
        return new EmbeddedMomokoConnectionDetails();
    }

    /** Neither {@code momoko.url} nor {@code momoko.host} names a database: a test that names one keeps it. */
    static final class NoDatabaseConfigured extends NoneNestedConditions {

        NoDatabaseConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "momoko", name = "url")
        static final class Url {
        }

        @ConditionalOnProperty(prefix = "momoko", name = "host")
        static final class Host {
        }
    }
}
