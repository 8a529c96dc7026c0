package io.momoko.autoconfigure.sql;

import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.ConditionalOnSqlInitialization;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs {@code spring.sql.init.*} schema and data scripts with Momoko ({@link MomokoScriptDatabaseInitializer})
 * before any {@link io.momoko.Pool} bean is created. Needs {@code spring-boot-sql} on the class path; backs off
 * for any other application script initializer. Ordered before Boot's {@code DataSource} initialization so
 * that one backs off when the application has a {@code DataSource} too.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class,
        beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration")
@ConditionalOnClass({ ConditionalOnSqlInitialization.class, io.momoko.Pool.class })
@ConditionalOnSqlInitialization
@ConditionalOnBean(MomokoConnectionDetails.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
@EnableConfigurationProperties(SqlInitializationProperties.class)
public final class MomokoSqlInitializationAutoConfiguration {

    MomokoSqlInitializationAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(ApplicationScriptDatabaseInitializer.class)
    MomokoScriptDatabaseInitializer momokoScriptDatabaseInitializer(MomokoConnectionDetails connectionDetails,
                                                                     SqlInitializationProperties properties) {
        return new MomokoScriptDatabaseInitializer(connectionDetails,
                ApplicationScriptDatabaseInitializer.getSettings(properties));
    }
}
