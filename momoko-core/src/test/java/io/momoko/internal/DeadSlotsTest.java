package io.momoko.internal;

import io.momoko.ConnectException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When dead slots may reconnect: at once after a break, after reconnectInterval after a failed connect. */
class DeadSlotsTest {

    private static final long MS = 1_000_000L;

    @Test
    void aServerThatDidNotAnswerWaitsTheReconnectInterval() {
        DeadSlots slots = new DeadSlots(500 * MS);
        slots.connectFailed(0, new ConnectException("refused", null));
        assertThat(slots.takeRetriable(499 * MS)).isFalse();
        assertThat(slots.takeRetriable(500 * MS)).isTrue();
    }

    @Test
    void serversThatAnsweredButDidNotFitAreTriedAgainSoon() {
        DeadSlots slots = new DeadSlots(500 * MS);
        slots.connectFailed(0, new NoServerFitsException("no server fits target_session_attrs=read-write"));
        assertThat(slots.takeRetriable(49 * MS)).isFalse();
        assertThat(slots.takeRetriable(50 * MS)).isTrue();

        DeadSlots quick = new DeadSlots(10 * MS);
        quick.connectFailed(0, new NoServerFitsException("no server fits"));
        assertThat(quick.takeRetriable(10 * MS)).as("never later than reconnectInterval").isTrue();
    }

    @Test
    void aBrokenConnectionMayReconnectAtOnce() {
        DeadSlots slots = new DeadSlots(500 * MS);
        slots.broke(0, new ConnectException("gone", null));
        assertThat(slots.takeRetriable(0)).isTrue();
    }
}
