package io.momoko.spring;

import io.momoko.Connection;
import io.momoko.DatabaseException;
import io.momoko.Momoko;
import io.momoko.Pool;
import io.momoko.QueryTimeoutException;
import io.momoko.test.Await;
import io.momoko.test.PgActivity;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link MomokoReactiveTransactionManager} and {@link MomokoClient} against a real server. */
@ExtendWith(OutputCaptureExtension.class)
class ReactiveTransactionTests {

    private static Pool pool;
    private static Connection admin;
    private static MomokoReactiveTransactionManager manager;
    private static MomokoClient client;

    @BeforeAll
    static void setUp() {
        pool = result(TestPools.builder("reactive-tx", TestDatabase.get().options()).size(2).maxSize(4).build()
                .connect());
        admin = result(Momoko.connect(TestDatabase.get().options()));
        manager = new MomokoReactiveTransactionManager(pool);
        client = MomokoClient.create(pool);
        result(admin.execute("CREATE TABLE IF NOT EXISTS rx_accounts (id int PRIMARY KEY, balance int NOT NULL "
                + "CHECK (balance >= 0)); CREATE TABLE IF NOT EXISTS rx_skew (class int, value int)"));
    }

    @AfterAll
    static void tearDown() {
        result(admin.execute("DROP TABLE IF EXISTS rx_accounts, rx_skew"));
        result(admin.close());
        result(pool.close());
    }

    @BeforeEach
    void accounts() {
        result(admin.execute("DELETE FROM rx_accounts; INSERT INTO rx_accounts VALUES (1, 100), (2, 0); "
                + "DELETE FROM rx_skew; INSERT INTO rx_skew VALUES (1, 10), (2, 20)"));
    }

    private static TransactionalOperator operator(int propagation) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition(propagation);
        return TransactionalOperator.create(manager, definition);
    }

    private static TransactionalOperator operator() {
        return operator(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    private static <T> T await(Mono<T> mono) {
        return result(mono.toFuture());
    }

    private static Throwable failure(Mono<?> mono) {
        return Await.failure(mono.toFuture());
    }

    private static List<Integer> balances() {
        return result(admin.execute("SELECT balance FROM rx_accounts ORDER BY id")).fetchAll().stream()
                .map(row -> row.get(0, Integer.class)).toList();
    }

    private static Mono<Integer> move(int amount) {
        return client.update("UPDATE rx_accounts SET balance = balance + %s WHERE id = 2", amount)
                .then(client.update("UPDATE rx_accounts SET balance = balance - %s WHERE id = 1", amount));
    }

    private static void assertConnectionsReturned() {
        Await.until("every connection back", () -> pool.stats().busy() == 0);
        assertThat(PgActivity.sessions(admin, pool.name(), "idle in transaction%")).isZero();
    }

    @Test
    void commits() {
        await(operator().transactional(move(40)));
        assertThat(balances()).containsExactly(60, 40);
        assertConnectionsReturned();
    }

    @Test
    void moneyTransferRollsBackWhenTheDebitFails() {
        // The credit runs first and succeeds; the debit breaks CHECK (balance >= 0): nothing may stay.
        Throwable error = failure(operator().transactional(move(500)));
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("23514");
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void rollsBackWhenMarkedRollbackOnly() {
        await(operator().execute(status -> move(10).doOnNext(ignored -> status.setRollbackOnly())).then());
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void aFailedParticipantMakesTheOuterCommitRollBack() {
        Mono<Integer> failingParticipant = operator().transactional(move(500)).onErrorResume(error -> Mono.just(0));
        Throwable error = failure(operator().transactional(move(10).then(failingParticipant)));
        assertThat(error).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void nestedScopesRollBackToTheirSavepoint() {
        Mono<Integer> nested = operator(TransactionDefinition.PROPAGATION_NESTED).transactional(move(500))
                .onErrorResume(DatabaseException.class, error -> Mono.just(-1));
        Mono<Integer> nestedOk = operator(TransactionDefinition.PROPAGATION_NESTED).transactional(move(5));
        assertThat(await(operator().transactional(move(10).then(nested).flatMap(ignored -> nestedOk).then(nested))))
                .isEqualTo(-1);
        assertThat(balances()).containsExactly(85, 15);
        assertConnectionsReturned();
    }

    @Test
    void requiresNewRunsOnASecondConnectionAndCommitsOnItsOwn() {
        Mono<Object> pid = client.execute("SELECT pg_backend_pid()").map(cursor -> cursor.fetchOne().get(0));
        // The inner transaction touches other rows: the outer one holds the accounts' row locks.
        Mono<Object> inner = operator(TransactionDefinition.PROPAGATION_REQUIRES_NEW).transactional(
                client.update("UPDATE rx_skew SET value = 11 WHERE class = 1").then(pid));
        // In sequence: a transaction's context must not be used by two subscriptions at once (zipWith would).
        Throwable error = failure(operator().transactional(move(10).then(pid)
                .flatMap(outer -> inner.map(innerPid -> outer.equals(innerPid) ? "same connection" : "two connections"))
                .flatMap(both -> Mono.error(new IllegalStateException("roll the outer back", new Exception(both))))));
        assertThat(error).isInstanceOf(IllegalStateException.class).cause().hasMessage("two connections");
        assertThat(balances()).containsExactly(100, 0);
        assertThat(result(admin.execute("SELECT value FROM rx_skew WHERE class = 1")).fetchOne().get(0, Integer.class))
                .isEqualTo(11);
        assertConnectionsReturned();
    }

    @Test
    void readOnlyRefusesWrites() {
        DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
        readOnly.setReadOnly(true);
        Throwable error = failure(TransactionalOperator.create(manager, readOnly).transactional(move(1)));
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("25006");
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void serializableSurfacesSerializationFailures() {
        DefaultTransactionDefinition serializable = new DefaultTransactionDefinition();
        serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        DefaultTransactionDefinition second = new DefaultTransactionDefinition(serializable);
        second.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // Write skew: each reads the class the other writes. The inner one commits first; the outer must fail.
        Mono<Integer> inner = TransactionalOperator.create(manager, second).transactional(
                client.execute("SELECT sum(value) FROM rx_skew WHERE class = 2")
                        .then(client.update("INSERT INTO rx_skew VALUES (1, 1)")));
        Mono<Integer> outer = TransactionalOperator.create(manager, serializable).transactional(
                client.execute("SELECT sum(value) FROM rx_skew WHERE class = 1")
                        .then(inner)
                        .then(client.update("INSERT INTO rx_skew VALUES (2, 2)")));
        Throwable error = failure(outer);
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("40001");
        assertConnectionsReturned();
    }

    @Test
    void aStatementGetsOnlyTheTimeLeftAndALateCommitRollsBack() {
        DefaultTransactionDefinition timed = new DefaultTransactionDefinition();
        timed.setTimeout(1);
        TransactionalOperator operator = TransactionalOperator.create(manager, timed);
        assertThat(failure(operator.transactional(move(10).then(client.execute("SELECT pg_sleep(10)")))))
                .isInstanceOf(QueryTimeoutException.class);
        // A timer, not a statement, outlives the deadline: the commit refuses.
        assertThat(failure(operator.transactional(move(10).delayUntil(ignored -> Mono.delay(Duration.ofMillis(1100))))))
                .isInstanceOf(TransactionTimedOutException.class);
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void cancellingMidwayRollsBackAndReturnsTheConnection() {
        Disposable running = operator().transactional(move(10).then(client.execute("SELECT pg_sleep(60)")))
                .subscribe();
        Await.until("the transaction waits in pg_sleep",
                () -> PgActivity.running(admin, pool.name(), "%pg_sleep(60)%") == 1);
        running.dispose();
        assertConnectionsReturned();
        assertThat(PgActivity.running(admin, pool.name(), "%pg_sleep%")).isZero();
        assertThat(balances()).containsExactly(100, 0);
    }

    @Test
    void streamsInsideTheTransactionWithBackPressure() {
        List<Integer> seen = await(operator().transactional(
                client.update("UPDATE rx_accounts SET balance = 7")
                        .thenMany(client.stream(1, "SELECT balance FROM rx_accounts ORDER BY id"))
                        .limitRate(1)
                        .map(row -> row.get(0, Integer.class))
                        .collectList()));
        assertThat(seen).containsExactly(7, 7);
        assertThat(await(client.stream(1, "SELECT balance FROM rx_accounts ORDER BY id")
                .map(row -> row.get(0, Integer.class)).collectList())).containsExactly(7, 7);
        assertConnectionsReturned();
    }

    @Test
    void warnsOnceWhenThePlainPoolIsUsedInsideATransaction(CapturedOutput output) {
        await(operator().transactional(move(1).flatMap(ignored -> Mono.fromFuture(pool.execute("SELECT 1")))
                .flatMap(ignored -> Mono.fromFuture(pool.execute("SELECT 2")))));
        assertThat(output.getAll()).containsOnlyOnce("runs OUTSIDE that transaction")
                .contains("Pool '" + pool.name() + "'");
        assertConnectionsReturned();
    }

    @Test
    void aBackendKilledInTheTransactionReportsTheStatementsFailureNotTheRollbacks() {
        Mono<Object> pid = client.execute("SELECT pg_backend_pid()").map(cursor -> cursor.fetchOne().get(0));
        Throwable error = failure(operator().transactional(pid
                .flatMap(backend -> Mono.fromFuture(admin.execute("SELECT pg_terminate_backend(%s)", backend)))
                .then(client.update("UPDATE rx_accounts SET balance = balance - 1 WHERE id = 1"))));
        // The server ended the session and its transaction: the caller learns why, not that ROLLBACK could not run.
        assertThat(error).isInstanceOf(io.momoko.ConnectionClosedException.class).message().doesNotContain("ROLLBACK");
        assertThat(balances()).containsExactly(100, 0);
        io.momoko.test.Await.until("the pool recovers", () -> pool.stats().busy() == 0);
    }
}
