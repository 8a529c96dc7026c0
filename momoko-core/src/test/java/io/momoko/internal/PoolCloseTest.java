package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.Pool;
import io.momoko.PoolClosedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.internal.FakeFutures.done;
import static io.momoko.internal.FakeFutures.error;
import static org.assertj.core.api.Assertions.assertThat;

/** Closing with connections free, busy, being opened, and requests waiting, on a fake connector and clock. */
class PoolCloseTest {

    private final FakePool fake = new FakePool();

    @Test
    void closeFailsWaitersAtOnceAndGivesBusyConnectionsTheGracePeriod() {
        fake.closeTimeout = Duration.ofSeconds(5);
        Pool pool = fake.build();
        done(pool.connect());
        Connection held = done(pool.getConn());
        CompletableFuture<Connection> waiting = pool.getConn();

        CompletableFuture<Void> closed = pool.close();
        assertThat(error(waiting)).isInstanceOf(PoolClosedException.class).hasMessage("Pool 'fake' is closed");
        assertThat(error(pool.execute("SELECT 1"))).isInstanceOf(PoolClosedException.class);
        fake.context.advance(Duration.ofMillis(4999));
        assertThat(closed).isNotDone();
        assertThat(fake.connection(0).isClosed()).isFalse();

        fake.context.advance(Duration.ofMillis(1));
        assertThat(fake.connection(0).isClosed()).isTrue();
        assertThat(closed).isCompleted();
        assertThat(held.isClosed()).isTrue();
    }

    @Test
    void closeCompletesAsSoonAsTheLastBusyConnectionComesBack() {
        Pool pool = fake.build();
        done(pool.connect());
        Connection held = done(pool.getConn());
        CompletableFuture<Void> closed = pool.close();
        assertThat(closed).isNotDone();
        done(pool.putConn(held));
        assertThat(closed).isCompleted();
        assertThat(fake.connection(0).isClosed()).isTrue();
    }

    @Test
    void aBusyConnectionDyingDuringCloseDoesNotHoldCloseForTheGracePeriod() {
        fake.closeTimeout = Duration.ofSeconds(30);
        Pool pool = fake.build();
        done(pool.connect());
        CompletableFuture<?> running = pool.execute("SELECT pg_sleep(60)");
        CompletableFuture<Void> closed = pool.close();

        fake.connection(0).die();
        assertThat(error(running)).hasMessageContaining("died");
        assertThat(closed).isCompleted();
    }

    @Test
    void aConnectionStillBeingOpenedIsClosedWhenItArrives() {
        fake.connector.openAtOnce = false;
        Pool pool = fake.build();
        pool.connect();
        CompletableFuture<Void> closed = pool.close();
        assertThat(closed).isNotDone();
        FakeConnection late = fake.connector.completeOpen();
        assertThat(late.isClosed()).isTrue();
        assertThat(closed).isCompleted();
    }

    @Test
    void closingFreeConnectionsAndASecondCloseReturnTheSameFuture() {
        fake.size = 2;
        fake.maxSize = 2;
        Pool pool = fake.build();
        done(pool.connect());
        CompletableFuture<Void> closed = pool.close();
        assertThat(closed).isCompleted();
        assertThat(pool.close()).isSameAs(closed);
        assertThat(fake.connector.opened).allMatch(FakeConnection::isClosed);
        assertThat(List.of(pool.isClosed(), pool.stats().free())).containsExactly(true, 0);
    }
}
