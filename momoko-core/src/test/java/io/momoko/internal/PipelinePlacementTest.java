package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.Pool;
import io.momoko.PoolClosedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.internal.FakeFutures.done;
import static io.momoko.internal.FakeFutures.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency-aware pipelining on a fake connector and clock: only templates known to be short are packed;
 * new and slow ones take a connection of their own (stretching the pool), and nothing joins them; session
 * changers, transactions and getConn never share; close fails every request not yet written.
 */
class PipelinePlacementTest {

    private static final String SHORT = "SELECT 1";
    private static final String SLEEP = "SELECT pg_sleep(%s)";

    private final FakePool fake = new FakePool();

    PipelinePlacementTest() {
        fake.pipelining = 16;
    }

    /** Runs a template until the pool knows it to be short (answered at once on the fake clock). */
    private void learnShort(Pool pool, String sql) {
        for (int i = 0; i < TemplateLatency.RUNS_BEFORE_SHARING; i++) {
            CompletableFuture<?> run = pool.execute(sql);
            answerWherever(run);
            done(run);
        }
    }

    /** Runs a template until the pool knows it to be slow: each run takes a second of the fake clock. */
    private void learnSlow(Pool pool, String sql) {
        for (int i = 0; i < TemplateLatency.RUNS_BEFORE_SHARING; i++) {
            CompletableFuture<?> run = pool.execute(sql, 1);
            fake.context.advance(Duration.ofSeconds(1));
            answerWherever(run);
            done(run);
        }
    }

    private void answerWherever(CompletableFuture<?> run) {
        for (FakeConnection connection : fake.connector.opened) {
            if (!connection.inFlight.isEmpty()) {
                connection.answer();
                return;
            }
        }
        throw new AssertionError("nothing in flight for " + run);
    }

    @Test
    void slowStatementsOnANewTemplateStretchThePoolInsteadOfQueueingOnOneConnection() {
        fake.size = 1;
        fake.maxSize = 4;
        Pool pool = fake.connected();
        for (int i = 0; i < 4; i++) {
            pool.execute(SLEEP, 2);
        }
        assertThat(fake.connector.opens).isEqualTo(4);
        assertThat(fake.connector.opened).allSatisfy(connection -> assertThat(connection.inFlight).hasSize(1));
        assertThat(pool.stats().busy()).isEqualTo(4);
    }

    @Test
    void aTemplateKnownToBeShortIsPackedOntoOneConnection() {
        fake.size = 1;
        fake.maxSize = 4;
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        for (int i = 0; i < 10; i++) {
            pool.execute(SHORT);
        }
        assertThat(fake.connector.opens).isEqualTo(1);
        assertThat(fake.connection(0).inFlight).hasSize(10);
    }

    @Test
    void answersDelayedAFewMillisecondsByABusyEventLoopDoNotSwitchPackingOff() {
        fake.maxSize = 4;
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        // A saturated event loop releases each answer some milliseconds after the one before.
        for (int i = 0; i < 10; i++) {
            CompletableFuture<?> run = pool.execute(SHORT);
            fake.context.advance(Duration.ofMillis(4));
            answerWherever(run);
            done(run);
        }
        for (int i = 0; i < 3; i++) {
            pool.execute(SHORT);
        }
        assertThat(fake.connector.opens).isEqualTo(1);
        assertThat(fake.connection(0).inFlight).hasSize(3);
    }

    @Test
    void aKnownSlowTemplateTakesItsOwnConnectionAndNothingJoinsIt() {
        fake.size = 2;
        fake.maxSize = 3;
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        learnSlow(pool, SLEEP);

        CompletableFuture<?> slow = pool.execute(SLEEP, 1);
        FakeConnection running = fake.connector.opened.stream().filter(c -> !c.inFlight.isEmpty()).findFirst()
                .orElseThrow();
        List<CompletableFuture<?>> quick = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            quick.add(pool.execute(SHORT));
        }
        assertThat(running.inFlight).hasSize(1);
        FakeConnection other = fake.connector.opened.stream().filter(c -> c != running).findFirst().orElseThrow();
        assertThat(other.inFlight).hasSize(5);
        assertThat(slow).isNotDone();
    }

    @Test
    void aShortStatementWaitsRatherThanQueueBehindASlowOneWhenThePoolIsFull() {
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        CompletableFuture<?> slow = pool.execute(SLEEP, 5);
        CompletableFuture<?> quick = pool.execute(SHORT);
        assertThat(fake.connection(0).inFlight).hasSize(1);
        assertThat(pool.stats().waiting()).isEqualTo(1);

        fake.context.advance(Duration.ofSeconds(5));
        fake.connection(0).answer();
        assertThat(slow).isCompleted();
        assertThat(fake.connection(0).inFlight).hasSize(1);
        fake.connection(0).answer();
        assertThat(quick).isCompleted();
    }

    @Test
    void atMaxSizeANewTemplateJoinsAConnectionRunningOnlyShortStatements() {
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        pool.execute(SHORT);
        pool.execute(SHORT);
        CompletableFuture<?> fresh = pool.execute("SELECT 2");
        assertThat(fake.connection(0).inFlight).hasSize(3);
        // And nothing short joins behind the statement that is not known yet.
        pool.execute(SHORT);
        assertThat(fake.connection(0).inFlight).hasSize(3);
        assertThat(pool.stats().waiting()).isEqualTo(1);
        fake.connection(0).answer();
        fake.connection(0).answer();
        fake.connection(0).answer();
        assertThat(fresh).isCompleted();
        assertThat(fake.connection(0).inFlight).hasSize(1);
    }

    @Test
    void sessionChangingStatementsTransactionsAndGetConnNeverShare() {
        fake.size = 1;
        fake.maxSize = 8;
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        pool.execute(SHORT);
        pool.execute("SET work_mem = '64MB'");
        pool.execute("CREATE TEMP TABLE t (x int)");
        pool.transaction(List.of(io.momoko.Statement.of("UPDATE t SET x = 1")), true);
        Connection borrowed = done(pool.getConn());
        pool.execute(SHORT);

        assertThat(fake.connection(0).inFlight).hasSize(2);
        assertThat(fake.connector.opened.subList(1, fake.connector.opened.size()))
                .allSatisfy(connection -> assertThat(connection.inFlight).hasSizeLessThanOrEqualTo(1));
        assertThat(fake.connector.opens).isEqualTo(5);
        // A short statement does not join the exclusive ones either.
        for (int i = 0; i < 5; i++) {
            pool.execute(SHORT);
        }
        assertThat(fake.connection(0).inFlight).hasSize(7);
        assertThat(fake.connector.opened.subList(1, fake.connector.opened.size()))
                .allSatisfy(connection -> assertThat(connection.inFlight).hasSizeLessThanOrEqualTo(1));
        assertThat(borrowed).isNotNull();
    }

    @Test
    void closeFailsEveryRequestNotYetWrittenAndLetsTheWrittenOnesFinish() {
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        CompletableFuture<?> running = pool.execute(SLEEP, 5);
        List<CompletableFuture<?>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(pool.execute(SHORT));
        }
        CompletableFuture<Void> closed = pool.close();

        assertThat(queued).allSatisfy(request -> assertThat(error(request)).isInstanceOf(PoolClosedException.class));
        assertThat(fake.connection(0).log).containsOnlyOnce("SELECT pg_sleep(%s)");
        fake.connection(0).answer();
        assertThat(running).isCompleted();
        assertThat(closed).isCompleted();
    }

    @Test
    void shortStatementsOnAFullConnectionWaitAndJoinAsItAnswers() {
        fake.pipelining = 2;
        Pool pool = fake.connected();
        learnShort(pool, SHORT);
        pool.execute(SHORT);
        pool.execute(SHORT);
        CompletableFuture<?> third = pool.execute(SHORT);
        assertThat(pool.stats().waiting()).isEqualTo(1);
        fake.connection(0).answer();
        assertThat(fake.connection(0).inFlight).hasSize(2);
        assertThat(pool.stats().waiting()).isZero();
        fake.connection(0).answer();
        fake.connection(0).answer();
        assertThat(third).isCompleted();
    }
}
