package io.momoko.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoPoolFactory;
import io.momoko.metrics.StatementObserver;
import io.momoko.test.Await;
import io.momoko.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A Micrometer observation (span) per statement, named and tagged after OpenTelemetry's database conventions. */
class MomokoObservationTests {

    private static final ConnectOptions DB = TestDatabase.get().options();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MomokoObservationAutoConfiguration.class,
                    MomokoAutoConfiguration.class))
            .withPropertyValues("momoko.host=" + DB.host(), "momoko.port=" + DB.port(), "momoko.database=" + DB.database(),
                    "momoko.username=" + DB.user(), "momoko.ssl-mode=" + DB.sslMode().dsnValue(),
                    "momoko.pool.name=traced");

    @Test
    void everyStatementIsAnObservationWithItsSqlButNeverAValue() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        java.util.List<io.micrometer.observation.Observation.Context> stopped =
                new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                stopped.add(context);
            }
        });
        runner.withBean(ObservationRegistry.class, () -> registry).run(context -> {
            Pool pool = context.getBean(Pool.class);
            Await.result(pool.execute("SELECT %s::text AS secret", "hunter2"));
            Await.failure(pool.execute("SELECT 1/0"));
            Await.until("both observations stopped", () -> stopped.size() == 2);
            TestObservationRegistryAssert.assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo(ObservationStatementObserver.NAME, 2)
                    .forAllObservationsWithNameEqualTo(ObservationStatementObserver.NAME, observation -> observation
                            .hasContextualNameEqualTo("SELECT " + DB.database())
                            .hasLowCardinalityKeyValue("db.system.name", "postgresql")
                            .hasLowCardinalityKeyValue("db.operation.name", "SELECT")
                            .hasLowCardinalityKeyValue("db.namespace", DB.database())
                            .hasLowCardinalityKeyValue("momoko.pool", "traced")
                            .hasHighCardinalityKeyValue("server.address", DB.host()));
            assertThat(stopped).extracting(stop -> stop.getHighCardinalityKeyValue("db.query.text").getValue())
                    .containsExactlyInAnyOrder("SELECT %s::text AS secret", "SELECT 1/0");
            assertThat(stopped).allSatisfy(stop -> assertThat(stop.getAllKeyValues().toString()).doesNotContain("hunter2"));
            assertThat(stopped).filteredOn(stop -> stop.getError() != null).singleElement().satisfies(stop -> {
                assertThat(stop.getLowCardinalityKeyValue("error.type").getValue()).isEqualTo("22012");
                assertThat(stop.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("error");
            });
            // A pool built by the factory is observed too.
            Pool other = context.getBean(MomokoPoolFactory.class).builder("momoko").build();
            try {
                Await.result(other.execute("SELECT 1"));
                Await.until("the factory pool's observation", () -> stopped.size() == 3);
            } finally {
                Await.result(other.close());
            }
        });
    }

    @Test
    void backsOffWithoutARegistryOrMicrometerOrForTheApplicationsOwnObserver() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StatementObserver.class));
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StatementObserver.class));
        StatementObserver own = statement -> StatementObserver.Observation.NONE;
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withBean(StatementObserver.class, () -> own)
                .run(context -> assertThat(context.getBean(StatementObserver.class)).isSameAs(own));
    }
}
