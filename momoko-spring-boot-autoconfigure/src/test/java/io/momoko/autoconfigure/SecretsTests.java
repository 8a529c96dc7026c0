package io.momoko.autoconfigure;

import io.momoko.Pool;
import io.momoko.autoconfigure.endpoint.MomokoEndpoint;
import io.momoko.autoconfigure.endpoint.MomokoEndpointAutoConfiguration;
import io.momoko.autoconfigure.health.MomokoHealthContributorAutoConfiguration;
import io.momoko.autoconfigure.health.MomokoHealthIndicator;
import io.momoko.test.ScramDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connects with a wrong and a right password to a server that checks them, and searches every output for
 * the secret: logs, failure analysis, health, endpoint, toString().
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

    private static final String SECRET = "Sp1ng-s3cret-" + Long.toHexString(System.nanoTime());
    private static ScramDatabase database;

    @BeforeAll
    static void start() {
        database = ScramDatabase.start(SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    private ApplicationContextRunner runner(String password) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class,
                        MomokoHealthContributorAutoConfiguration.class, MomokoEndpointAutoConfiguration.class))
                .withPropertyValues("momoko.host=127.0.0.1", "momoko.port=" + database.port(), "momoko.username=app",
                        "momoko.database=postgres", "momoko.ssl-mode=disable", "momoko.password=" + password,
                        "management.endpoints.web.exposure.include=momoko");
    }

    @Test
    void noOutputShowsThePassword(CapturedOutput output) {
        StringBuilder seen = new StringBuilder();
        runner(SECRET + "-wrong").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MomokoConnectFailureAnalyzer().analyze(context.getStartupFailure());
            seen.append(analysis.getDescription()).append(analysis.getAction());
            seen.append(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("password authentication failed for user \"app\"");
        });
        runner(SECRET + "-wrong").withPropertyValues("momoko.pool.raise-connect-errors=false").run(context -> {
            assertThat(context).hasNotFailed();
            seen.append(context.getBean(MomokoHealthIndicator.class).health(true));
            seen.append(context.getBean(MomokoEndpoint.class).pools());
            seen.append(context.getBean(Pool.class)).append(context.getBean(MomokoConnectionDetails.class));
        });
        AtomicReference<Object> user = new AtomicReference<>();
        runner(SECRET).run(context -> {
            Pool pool = context.getBean(Pool.class);
            user.set(pool.execute("SELECT current_user").join().fetchOne().get(0));
            seen.append(context.getBean(MomokoHealthIndicator.class).health(true));
            seen.append(context.getBean(MomokoEndpoint.class).pools()).append(pool);
            seen.append(context.getBean(MomokoProperties.class));
        });
        assertThat(user.get()).isEqualTo("app");
        assertThat(seen.toString()).contains("28P01").doesNotContain(SECRET);
        assertThat(output.getAll()).doesNotContain(SECRET);
    }
}
