package io.momoko.autoconfigure.test;

import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A test that names its own database keeps it; no server is started for it. */
class MomokoTestDatabaseAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MomokoTestDatabaseAutoConfiguration.class));

    @Test
    void backsOffForMomokoUrl() {
        runner.withPropertyValues("momoko.url=postgresql://db.example.com/shop")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMomokoConnectionDetails.class));
    }

    @Test
    void backsOffForMomokoHost() {
        runner.withPropertyValues("momoko.host=db.example.com")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMomokoConnectionDetails.class));
    }

    @Test
    void backsOffForOtherConnectionDetails() {
        runner.withBean("containerDetails", MomokoConnectionDetails.class, ContainerDetails::new)
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMomokoConnectionDetails.class));
    }

    @Test
    void replacesThePropertiesDetailsOtherwise() {
        runner.withConfiguration(AutoConfigurations.of(MomokoAutoConfiguration.class))
                .run(context -> assertThat(context.getBeanNamesForType(MomokoConnectionDetails.class))
                        .containsExactly("momokoTestDatabaseConnectionDetails"));
    }

    /** What a {@code @ServiceConnection} container would register. */
    private static final class ContainerDetails implements MomokoConnectionDetails {

        @Override
        public String getHost() {
            return "container";
        }

        @Override
        public int getPort() {
            return 5432;
        }

        @Override
        public String getDatabase() {
            return "test";
        }

        @Override
        public String getUsername() {
            return "test";
        }

        @Override
        public String getPassword() {
            return "test";
        }
    }
}
