package io.momoko.internal;

import io.momoko.ConnectionClosedException;
import io.momoko.Pool;
import io.momoko.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.momoko.internal.FakeFutures.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's only retries, each when the work provably never ran: a statement never written to its socket,
 * a transaction whose connection broke before COMMIT was sent.
 */
class PoolRetryTest {

    private final FakePool fake = new FakePool();

    private static ConnectionClosedException closed(boolean wasSent) {
        return new ConnectionClosedException("socket closed", wasSent, null);
    }

    @Test
    void aStatementNeverWrittenIsRetriedOnceOnAFreshConnection() {
        Pool pool = fake.connected();
        CompletableFuture<?> statement = pool.execute("INSERT INTO t VALUES (1)");
        fake.connection(0).fail(closed(false));

        assertThat(fake.connector.opens).isEqualTo(2);
        assertThat(fake.connection(1).log).containsExactly("INSERT INTO t VALUES (1)");
        fake.connection(1).answer();
        assertThat(statement).isCompleted();
    }

    @Test
    void aStatementNeverWrittenTwiceFailsAfterOneRetry() {
        Pool pool = fake.connected();
        CompletableFuture<?> statement = pool.execute("INSERT INTO t VALUES (1)");
        fake.connection(0).fail(closed(false));
        fake.connection(1).fail(closed(false));
        assertThat(error(statement)).isInstanceOf(ConnectionClosedException.class);
        assertThat(fake.connector.opens).isEqualTo(2);
    }

    @Test
    void aStatementThatMayHaveRunIsNeverRetried() {
        Pool pool = fake.connected();
        CompletableFuture<?> statement = pool.execute("INSERT INTO t VALUES (1)");
        fake.connection(0).fail(closed(true));
        assertThat(error(statement)).isInstanceOf(ConnectionClosedException.class);
        assertThat(fake.connector.opens).isEqualTo(1);
    }

    @Test
    void aTransactionBrokenBeforeCommitWasSentRunsAgainOnAFreshConnection() {
        Pool pool = fake.connected();
        CompletableFuture<?> transaction = pool.transaction(List.of(Statement.of("INSERT INTO t VALUES (1)")));
        assertThat(fake.connection(0).log).containsExactly("BEGIN", "INSERT INTO t VALUES (1)");
        fake.connection(0).die();

        assertThat(fake.connector.opens).isEqualTo(2);
        assertThat(fake.connection(1).log).containsExactly("BEGIN", "INSERT INTO t VALUES (1)");
        fake.connection(1).answer();
        assertThat(fake.connection(1).log).containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT");
        assertThat(transaction).isCompleted();
    }

    @Test
    void aTransactionBrokenAfterCommitWasSentIsNotRunAgain() {
        Pool pool = fake.connected();
        fake.connection(0).autoAnswer = List.of("BEGIN");
        CompletableFuture<?> transaction = pool.transaction(List.of(Statement.of("INSERT INTO t VALUES (1)")));
        fake.connection(0).answer();
        assertThat(fake.connection(0).log).containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT");
        fake.connection(0).die();

        assertThat(error(transaction)).isInstanceOf(ConnectionClosedException.class);
        assertThat(fake.connector.opens).isEqualTo(1);
    }
}
