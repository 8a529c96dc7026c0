package io.momoko.autoconfigure.sql;

import io.momoko.Pool;
import io.momoko.Row;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.ScratchDatabase;
import io.momoko.autoconfigure.jdbc.MomokoJdbcConnectionDetailsAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway migrations and {@code spring.sql.init} scripts in a Boot application, against the real test database
 * (a fresh database per test): they run on the database the Momoko pool uses, with no second URL, and before
 * the pool starts. The pool proves the order itself: its {@code set-session} statement reads a table the
 * migrations or scripts create, so it could not connect if it started first.
 */
class DatabaseInitializationTests {

    private ScratchDatabase database;
    private ApplicationContextRunner runner;

    @BeforeEach
    void freshDatabase() {
        database = ScratchDatabase.create();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class,
                        MomokoSqlInitializationAutoConfiguration.class, MomokoJdbcConnectionDetailsAutoConfiguration.class,
                        DataSourceAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class,
                        FlywayAutoConfiguration.class))
                .withPropertyValues(database.properties())
                .withPropertyValues("spring.flyway.enabled=false");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void flywayMigratesThePoolsDatabaseBeforeThePoolStarts() {
        runner.withPropertyValues("spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/momoko-migration",
                        "momoko.pool.set-session=SELECT count(*) AS n FROM products")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Pool pool = context.getBean(Pool.class);
                    Row tea = pool.execute("SELECT name, price FROM products WHERE id = %s", 1).join().fetchOne();
                    assertThat(tea.getString("name")).isEqualTo("tea");
                    assertThat(tea.get("price", BigDecimal.class)).isEqualByComparingTo("3.50");
                    try (java.sql.Connection jdbc = context.getBean(Flyway.class).getConfiguration().getDataSource()
                            .getConnection()) {
                        assertThat(jdbc.getMetaData().getURL()).startsWith("jdbc:postgresql://")
                                .contains("/" + database.name() + "?");
                    }
                    assertThat(context.getBeanFactory().getBeanDefinition("momokoPool").getDependsOn())
                            .contains("flywayInitializer");
                });
    }

    @Test
    void sqlInitScriptsRunWithMomokoBeforeThePoolStarts() {
        runner.withPropertyValues("spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:momoko-sql-init/schema.sql",
                        "spring.sql.init.data-locations=classpath:momoko-sql-init/data.sql",
                        "momoko.pool.set-session=SELECT count(*) FROM stock")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MomokoScriptDatabaseInitializer.class);
                    Pool pool = context.getBean(Pool.class);
                    List<Row> stock = pool.execute("SELECT id, qty FROM stock ORDER BY id").join().fetchAll();
                    assertThat(stock).extracting(row -> row.getInteger("qty")).containsExactly(10, 7);
                    assertThat(pool.execute("SELECT take(1, 3) AS left_over").join().fetchOne().getInteger("left_over")).isEqualTo(7);
                });
    }

    @Test
    void migrationsThenScriptsThenThePool() {
        runner.withPropertyValues("spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/momoko-migration",
                        "spring.sql.init.mode=always",
                        "spring.sql.init.data-locations=classpath:momoko-sql-init/after-flyway.sql",
                        "momoko.pool.set-session=SELECT 1 / count(*) FROM products WHERE id = 2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pool.class).execute("SELECT count(*) AS n FROM products").join().fetchOne()
                            .getLong("n")).isEqualTo(2);
                });
    }

    @Test
    void scriptsRunOnlyWhenAskedBecausePostgresqlIsNotAnEmbeddedDatabase() {
        runner.withPropertyValues("spring.sql.init.schema-locations=classpath:momoko-sql-init/schema.sql")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pool.class)
                            .execute("SELECT to_regclass('stock') IS NULL AS absent").join().fetchOne().getBoolean("absent")).isTrue();
                });
    }

    @Test
    void aFailingMigrationFailsStartUpAndNoPoolIsCreated() {
        runner.withPropertyValues("spring.flyway.enabled=true",
                        "spring.flyway.locations=classpath:db/momoko-bad-migration")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("V1__typo.sql")
                            .hasStackTraceContaining("TABEL");
                });
    }

    @Test
    void aFailingScriptStatementFailsStartUpNamingScriptStatementAndLine() {
        runner.withPropertyValues("spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:momoko-sql-init-bad/schema.sql")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(
                            "spring.sql.init: statement 2 (line 3) of class path resource [momoko-sql-init-bad/schema.sql] failed")
                            .hasStackTraceContaining("missing_table");
                });
    }

    @Test
    void continueOnErrorSkipsTheFailingStatement() {
        runner.withPropertyValues("spring.sql.init.mode=always", "spring.sql.init.continue-on-error=true",
                        "spring.sql.init.schema-locations=classpath:momoko-sql-init-bad/schema.sql")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pool.class)
                            .execute("SELECT to_regclass('ok_table') IS NOT NULL AS present").join().fetchOne().getBoolean("present")).isTrue();
                });
    }
}
