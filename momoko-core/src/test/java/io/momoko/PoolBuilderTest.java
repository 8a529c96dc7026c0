package io.momoko;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are checked in build(), and every message names the setting. */
class PoolBuilderTest {

    private static void rejects(UnaryOperator<Pool.Builder> settings, String message) {
        assertThatThrownBy(() -> settings.apply(Pool.builder().url("postgresql://u@localhost/db")).build())
                .isInstanceOf(ConfigurationException.class).hasMessage(message);
    }

    @Test
    void namesTheInvalidSetting() {
        rejects(b -> b.size(-1), "size must be >= 0, was -1");
        rejects(b -> b.size(3).maxSize(2), "maxSize (2) must be >= size (3)");
        rejects(b -> b.maxSize(0), "maxSize must be >= 1, was 0");
        rejects(b -> b.reconnectInterval(Duration.ofMillis(-1)), "reconnectInterval must be zero or more, was PT-0.001S");
        rejects(b -> b.acquireTimeout(Duration.ZERO), "acquireTimeout must be positive, was PT0S");
        rejects(b -> b.shrinkPeriod(Duration.ofSeconds(-5)), "shrinkPeriod must be positive, was PT-5S");
        rejects(b -> b.queryTimeout(Duration.ofSeconds(-1)), "queryTimeout must be positive, was PT-1S");
        rejects(b -> b.maxLifetime(Duration.ZERO), "maxLifetime must be positive, was PT0S");
        rejects(b -> b.leakDetectionThreshold(Duration.ofMillis(-2)), "leakDetectionThreshold must be positive, was PT-0.002S");
        rejects(b -> b.maxWaiting(-1), "maxWaiting must be >= 0, was -1");
        rejects(b -> b.pipelining(0), "pipelining must be >= 1, was 0");
        assertThatThrownBy(() -> Pool.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessage("url or connectOptions must be set");
    }

    @Test
    void acceptsAValidCombinationWithoutConnecting() {
        Pool pool = Pool.builder().url("postgresql://u:secret@localhost:1/db").name("quiet").size(0).maxSize(3).build();
        try {
            assertThat(pool.stats()).isEqualTo(new PoolStats("quiet", 0, 3, 0, 0, 0, 0, 0));
        } finally {
            result(pool.close());
        }
    }
}
