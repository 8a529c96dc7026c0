package io.momoko.autoconfigure.jdbc;

import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** When JDBC details are derived from Momoko's, and when the application's own JDBC database wins. */
class MomokoJdbcConnectionDetailsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MomokoJdbcConnectionDetailsAutoConfiguration.class))
            .withBean(MomokoConnectionDetails.class, () -> JdbcUrlsTests.urlDetails("postgresql://app:pw@db/shop"));

    @Test
    void derivesJdbcAndFlywayDetailsFromMomokos() {
        runner.run(context -> {
            assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl()).startsWith("jdbc:postgresql://db:5432/shop?");
            assertThat(context.getBean(FlywayConnectionDetails.class).getUsername()).isEqualTo("app");
        });
    }

    @Test
    void backsOffForSpringDatasourceUrl() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://other/db")
                .run(context -> assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class)
                        .doesNotHaveBean(FlywayConnectionDetails.class));
    }

    @Test
    void backsOffForTheApplicationsOwnDataSource() {
        runner.withBean(javax.sql.DataSource.class, () -> new org.springframework.jdbc.datasource.SimpleDriverDataSource())
                .run(context -> assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class));
    }

    @Test
    void springFlywayUrlKeepsBootsFlywayDetails() {
        runner.withPropertyValues("spring.flyway.url=jdbc:postgresql://other/db")
                .run(context -> assertThat(context).hasSingleBean(JdbcConnectionDetails.class)
                        .doesNotHaveBean(FlywayConnectionDetails.class));
    }

    @Test
    void backsOffForTheApplicationsOwnDetails() {
        runner.withBean("mine", JdbcConnectionDetails.class, () -> new MomokoJdbcConnectionDetails(
                        JdbcUrlsTests.urlDetails("postgresql://mine/db")))
                .run(context -> assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
                        .startsWith("jdbc:postgresql://mine:5432/db"));
    }

    @Test
    void needsMomokosDetails() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class,
                        MomokoJdbcConnectionDetailsAutoConfiguration.class))
                .withPropertyValues("momoko.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class));
    }
}
