package io.momoko.internal;

import io.momoko.AcquireTimeoutException;
import io.momoko.Connection;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.PartiallyConnectedException;
import io.momoko.Pool;
import io.momoko.PoolOverloadedException;
import io.momoko.PoolStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.internal.FakeFutures.done;
import static io.momoko.internal.FakeFutures.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acquiring, waiting, stretching, reconnecting, shrinking and retiring, on a fake connector and clock: no
 * server, no sleeps, and time moves only when the test says.
 */
class PoolEngineTest {

    private final FakePool fake = new FakePool();

    @Test
    void waitersAreServedFirstComeFirstServed() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<Connection> first = pool.getConn();
        CompletableFuture<Connection> second = pool.getConn();
        assertThat(pool.stats().waiting()).isEqualTo(2);

        done(pool.putConn(holder));
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        done(pool.putConn(first.join()));
        assertThat(second).isCompleted();
    }

    @Test
    void aWaiterFailsAfterTheAcquireTimeoutAndIsNeverHandedAConnectionLater() {
        fake.acquireTimeout = Duration.ofSeconds(1);
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<Connection> waiting = pool.getConn();

        fake.context.advance(Duration.ofMillis(999));
        assertThat(waiting).isNotDone();
        fake.context.advance(Duration.ofMillis(1));
        assertThat(error(waiting)).isInstanceOf(AcquireTimeoutException.class)
                .hasMessageContaining("Pool 'fake': no connection available within 1000 ms");

        done(pool.putConn(holder));
        assertThat(pool.stats()).extracting(PoolStats::free, PoolStats::busy, PoolStats::waiting)
                .containsExactly(1, 0, 0);
    }

    @Test
    void theNumbersArePublishedBeforeTheBorrowersCodeRuns() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        // Queued first, so that the borrower's code runs inside the release that hands it the connection.
        CompletableFuture<PoolStats> seen = pool.getConn().thenApply(connection -> pool.stats());
        assertThat(pool.stats().waiting()).isEqualTo(1);
        done(pool.putConn(holder));
        assertThat(done(seen)).extracting(PoolStats::busy, PoolStats::waiting).containsExactly(1, 0);
    }

    @Test
    void stretchesUpToMaxSizeAndThenQueues() {
        fake.size = 1;
        fake.maxSize = 3;
        Pool pool = fake.connected();
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(done(pool.getConn()));
        }
        CompletableFuture<Connection> fourth = pool.getConn();
        assertThat(fake.connector.opens).isEqualTo(3);
        assertThat(pool.stats()).extracting(PoolStats::busy, PoolStats::waiting).containsExactly(3, 1);

        done(pool.putConn(held.get(0)));
        assertThat(fourth).isCompleted();
    }

    @Test
    void aRequestWaitsForTheConnectionBeingOpenedForIt() {
        fake.connector.openAtOnce = false;
        fake.maxSize = 2;
        Pool pool = fake.build();
        CompletableFuture<Connection> request = pool.getConn();
        assertThat(pool.stats().pending()).isEqualTo(1);
        assertThat(request).isNotDone();
        fake.connector.completeOpen();
        assertThat(request).isCompleted();
        assertThat(fake.connector.opens).isEqualTo(1);
    }

    @Test
    void aDeadSlotReconnectsAtMostOncePerReconnectInterval() {
        fake.connector.openAtOnce = false;
        fake.raiseConnectErrors = false;
        Pool pool = fake.build();
        CompletableFuture<Pool> connecting = pool.connect();
        fake.connector.failOpen();
        done(connecting);
        assertThat(pool.stats().dead()).isEqualTo(1);

        // Within the interval: nothing could serve the request, so it fails at once with the cause.
        assertThat(error(pool.execute("SELECT 1"))).isInstanceOf(DatabaseNotAvailableException.class)
                .hasMessageContaining("refused");
        assertThat(fake.connector.opens).isEqualTo(1);

        fake.context.advance(Duration.ofMillis(500));
        CompletableFuture<?> statement = pool.execute("SELECT 1");
        assertThat(fake.connector.opens).isEqualTo(2);
        fake.connector.completeOpen().answer();
        assertThat(statement).isCompleted();
    }

    @Test
    void aConnectionThatDiesInUseReconnectsAtOnceForTheNextRequest() {
        Pool pool = fake.connected();
        CompletableFuture<?> statement = pool.execute("SELECT 1");
        fake.connection(0).die();
        assertThat(error(statement)).hasMessageContaining("died");
        CompletableFuture<?> next = pool.execute("SELECT 2");
        assertThat(fake.connector.opens).isEqualTo(2);
        fake.connection(1).answer();
        assertThat(next).isCompleted();
    }

    @Test
    void connectAfterAFailedConnectTriesAgain() {
        fake.connector.openAtOnce = false;
        Pool pool = fake.build();
        CompletableFuture<Pool> first = pool.connect();
        fake.connector.failOpen();
        assertThat(error(first)).isInstanceOf(PartiallyConnectedException.class);

        CompletableFuture<Pool> second = pool.connect();
        assertThat(fake.connector.opens).isEqualTo(2);
        fake.connector.completeOpen();
        assertThat(done(second)).isSameAs(pool);
        assertThat(pool.stats()).extracting(PoolStats::free, PoolStats::dead).containsExactly(1, 0);
    }

    @Test
    void shrinkClosesConnectionsIdleLongerThanTheDelayDownToSize() {
        fake.size = 1;
        fake.maxSize = 3;
        fake.autoShrink = true;
        fake.shrinkDelay = Duration.ofMinutes(1);
        fake.shrinkPeriod = Duration.ofSeconds(30);
        Pool pool = fake.connected();
        List<Connection> held = List.of(done(pool.getConn()), done(pool.getConn()), done(pool.getConn()));
        held.forEach(connection -> done(pool.putConn(connection)));
        assertThat(pool.stats().free()).isEqualTo(3);

        // Shrink looks every 30 s; at 30 s and at 60 s no connection has been idle for more than a minute.
        fake.context.advance(Duration.ofSeconds(60));
        assertThat(pool.stats().free()).isEqualTo(3);
        fake.context.advance(Duration.ofSeconds(30));
        assertThat(pool.stats().free()).isEqualTo(1);
        assertThat(fake.connector.opened).filteredOn(FakeConnection::isClosed).hasSize(2);
    }

    @Test
    void aConnectionIsRetiredAtMaxLifetimeWhenNextFreeAndReplacedUpToSize() {
        fake.maxLifetime = Duration.ofMinutes(10);
        Pool pool = fake.connected();
        Connection held = done(pool.getConn());
        fake.context.advance(Duration.ofMinutes(10));
        assertThat(fake.connection(0).isClosed()).isFalse();

        done(pool.putConn(held));
        assertThat(fake.connection(0).isClosed()).isTrue();
        assertThat(fake.connector.opens).isEqualTo(2);
        assertThat(pool.stats().free()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionIsValidatedBeforeUseAndReplacedWhenItFails() {
        fake.validationInterval = Duration.ofSeconds(30);
        Pool pool = fake.connected();
        fake.context.advance(Duration.ofSeconds(31));
        fake.connector.validation = CompletableFuture.failedFuture(new IllegalStateException("no answer"));
        CompletableFuture<?> statement = pool.execute("SELECT 1");
        fake.connector.validation = null;
        assertThat(fake.connector.validations).isEqualTo(1);
        assertThat(fake.connection(0).isClosed()).isTrue();
        fake.connection(1).answer();
        assertThat(statement).isCompleted();
    }

    @Test
    void aCancelledRequestGivesTheConnectionItIsLaterGrantedBack() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        CompletableFuture<Connection> cancelled = pool.getConn();
        cancelled.cancel(true);
        done(pool.putConn(holder));
        assertThat(pool.stats()).extracting(PoolStats::free, PoolStats::busy).containsExactly(1, 0);
    }

    @Test
    void requestsBeyondMaxWaitingAreRejectedAtOnce() {
        fake.maxWaiting = 1;
        Pool pool = fake.connected();
        done(pool.getConn());
        CompletableFuture<Connection> waiting = pool.getConn();
        assertThat(error(pool.getConn())).isInstanceOf(PoolOverloadedException.class)
                .hasMessageContaining("maxWaiting (1)");
        assertThat(waiting).isNotDone();
    }

    @Test
    void thousandsOfWaitersTimeOutAndTheRestAreServedInOrder() {
        fake.acquireTimeout = Duration.ofSeconds(1);
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        List<CompletableFuture<Connection>> early = new ArrayList<>();
        for (int i = 0; i < 9_999; i++) {
            early.add(pool.getConn());
        }
        fake.context.advance(Duration.ofMillis(500));
        CompletableFuture<Connection> late = pool.getConn();
        fake.context.advance(Duration.ofMillis(500));
        assertThat(early).allSatisfy(request -> assertThat(error(request)).isInstanceOf(AcquireTimeoutException.class));
        assertThat(pool.stats().waiting()).isEqualTo(1);
        done(pool.putConn(holder));
        assertThat(late).isCompleted();
    }

    @Test
    void pipelinedStatementsJoinABusyConnectionUntilItStallsOrIsFull() {
        fake.pipelining = 2;
        fake.maxSize = 3;
        Pool pool = fake.connected();
        // Only a template known to be short is packed: its first runs take a connection of their own.
        for (int i = 0; i < TemplateLatency.RUNS_BEFORE_SHARING; i++) {
            CompletableFuture<?> run = pool.execute("SELECT %s", i);
            fake.connection(0).answer();
            done(run);
        }
        pool.execute("SELECT %s", 1);
        pool.execute("SELECT %s", 2);
        assertThat(fake.connection(0).inFlight).hasSize(2);
        pool.execute("SELECT %s", 3);
        assertThat(fake.connector.opens).isEqualTo(2);
        assertThat(fake.connection(1).inFlight).hasSize(1);

        // Connection 1 has answered nothing for longer than the stall limit: a new statement goes elsewhere.
        fake.context.advance(Duration.ofNanos(PipelinePlacement.STALL_NANOS));
        pool.execute("SELECT %s", 4);
        assertThat(fake.connection(1).inFlight).hasSize(1);
        assertThat(fake.connector.opens).isEqualTo(3);
    }

    @Test
    void withoutLeakDetectionNobodysStackIsRecorded() {
        Pool pool = fake.connected();
        done(pool.getConn());
        assertThat(done(pool.admin().leases())).singleElement().satisfies(lease -> {
            assertThat(lease.holder()).isEqualTo("getConn");
            assertThat(lease.borrowedAt()).isNull();
        });
    }

    @Test
    void withLeakDetectionTheBorrowerIsNamed() {
        fake.leakDetectionThreshold = Duration.ofSeconds(5);
        Pool pool = fake.connected();
        done(pool.getConn());
        assertThat(done(pool.admin().leases())).singleElement()
                .satisfies(lease -> assertThat(lease.borrowedAt()).isNotNull());
    }

    @Test
    void aValidationThatNeverAnswersIsGivenUpWithinTheAcquireTimeoutAndANewConnectionServes() {
        fake.acquireTimeout = Duration.ofSeconds(3);
        Pool pool = fake.connected();
        fake.context.advance(Duration.ofSeconds(31));
        fake.connector.validation = new CompletableFuture<>();
        CompletableFuture<?> statement = pool.execute("SELECT 1");
        fake.connector.validation = null;

        fake.context.advance(Duration.ofSeconds(3));
        assertThat(fake.connection(0).isClosed()).isTrue();
        fake.connection(1).answer();
        assertThat(statement).isCompleted();
    }

    @Test
    void aStatementThatThrowsAnErrorFailsItsFutureAndGivesTheConnectionBack() {
        Pool pool = fake.connected();
        fake.connection(0).throwOnRun = new StackOverflowError();
        assertThat(error(pool.execute("SELECT 1"))).isInstanceOf(StackOverflowError.class);
        fake.connection(0).throwOnRun = null;
        assertThat(pool.stats()).extracting(PoolStats::free, PoolStats::busy).containsExactly(1, 0);
    }

    @Test
    void withConnectionGivesTheConnectionBackWhenTheWorkThrowsAnError() {
        Pool pool = fake.connected();
        CompletableFuture<Object> work = pool.withConnection(connection -> {
            throw new AssertionError("boom");
        });
        assertThat(error(work)).isInstanceOf(AssertionError.class).hasMessage("boom");
        assertThat(pool.stats()).extracting(PoolStats::free, PoolStats::busy).containsExactly(1, 0);
    }

    @Test
    void aStatementThatCannotBeBoundFailsWithoutTakingAConnection() {
        Pool pool = fake.connected();
        Connection holder = done(pool.getConn());
        // The only connection is held: a request that needed one would wait. Binding comes first and fails.
        assertThat(error(pool.execute("SELECT %s, %s", 1))).isInstanceOf(io.momoko.ProgrammingException.class)
                .hasMessageContaining("2");
        assertThat(pool.stats().waiting()).isZero();
        done(pool.putConn(holder));
    }
}
