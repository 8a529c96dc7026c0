package io.momoko.spring;

import io.momoko.BlockingPool;
import io.momoko.Connection;
import io.momoko.DatabaseException;
import io.momoko.Momoko;
import io.momoko.Pool;
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
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MomokoTransactionManager} with {@code pool.blocking()} against a real server. */
@ExtendWith(OutputCaptureExtension.class)
class BlockingTransactionTests {

    private static Pool pool;
    private static Connection admin;
    private static MomokoTransactionManager manager;
    private static BlockingPool db;

    @BeforeAll
    static void setUp() {
        pool = result(TestPools.builder("blocking-tx", TestDatabase.get().options()).size(2).maxSize(4).build()
                .connect());
        admin = result(Momoko.connect(TestDatabase.get().options()));
        manager = new MomokoTransactionManager(pool);
        db = pool.blocking();
        result(admin.execute("CREATE TABLE IF NOT EXISTS bl_accounts (id int PRIMARY KEY, balance int NOT NULL "
                + "CHECK (balance >= 0)); CREATE TABLE IF NOT EXISTS bl_skew (class int, value int)"));
    }

    @AfterAll
    static void tearDown() {
        result(admin.execute("DROP TABLE IF EXISTS bl_accounts, bl_skew"));
        result(admin.close());
        result(pool.close());
    }

    @BeforeEach
    void accounts() {
        result(admin.execute("DELETE FROM bl_accounts; INSERT INTO bl_accounts VALUES (1, 100), (2, 0); "
                + "DELETE FROM bl_skew; INSERT INTO bl_skew VALUES (1, 10), (2, 20)"));
    }

    private static TransactionTemplate template(int propagation) {
        TransactionTemplate template = new TransactionTemplate(manager);
        template.setPropagationBehavior(propagation);
        return template;
    }

    private static TransactionTemplate template() {
        return template(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    private static List<Integer> balances() {
        return result(admin.execute("SELECT balance FROM bl_accounts ORDER BY id")).fetchAll().stream()
                .map(row -> row.get(0, Integer.class)).toList();
    }

    /** The credit first, then the debit, which breaks CHECK (balance >= 0) when the amount is too large. */
    private static void move(int amount) {
        db.execute("UPDATE bl_accounts SET balance = balance + %s WHERE id = 2", amount);
        db.execute("UPDATE bl_accounts SET balance = balance - %s WHERE id = 1", amount);
    }

    private static Object pid() {
        return db.execute("SELECT pg_backend_pid()").fetchOne().get(0);
    }

    private static void assertConnectionsReturned() {
        Await.until("every connection back", () -> pool.stats().busy() == 0);
        assertThat(PgActivity.sessions(admin, pool.name(), "idle in transaction%")).isZero();
    }

    @Test
    void commitsOnTheBoundConnection() {
        Object[] pids = template().execute(status -> {
            move(40);
            return new Object[] {pid(), pid()};
        });
        assertThat(pids[0]).isEqualTo(pids[1]);
        assertThat(balances()).containsExactly(60, 40);
        assertConnectionsReturned();
    }

    @Test
    void moneyTransferRollsBackWhenTheDebitFails() {
        assertThatThrownBy(() -> template().executeWithoutResult(status -> move(500)))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("23514"));
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void rollsBackWhenMarkedRollbackOnly() {
        template().executeWithoutResult(status -> {
            move(10);
            status.setRollbackOnly();
        });
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void aFailedParticipantMakesTheOuterCommitRollBack() {
        assertThatThrownBy(() -> template().executeWithoutResult(status -> {
            move(10);
            try {
                template().executeWithoutResult(inner -> move(500));
            } catch (DatabaseException expected) {
                // swallowed: the participant already marked the whole transaction rollback-only
            }
        })).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void nestedScopesRollBackToTheirSavepoint() {
        template().executeWithoutResult(status -> {
            move(10);
            try {
                template(TransactionDefinition.PROPAGATION_NESTED).executeWithoutResult(nested -> move(500));
            } catch (DatabaseException expected) {
                // only the nested scope's work is undone
            }
            template(TransactionDefinition.PROPAGATION_NESTED).executeWithoutResult(nested -> move(5));
        });
        assertThat(balances()).containsExactly(85, 15);
        assertConnectionsReturned();
    }

    @Test
    void requiresNewRunsOnASecondConnectionAndCommitsOnItsOwn() {
        assertThatThrownBy(() -> template().executeWithoutResult(status -> {
            move(10);
            Object outer = pid();
            Object inner = template(TransactionDefinition.PROPAGATION_REQUIRES_NEW).execute(newOne -> {
                db.execute("UPDATE bl_skew SET value = 11 WHERE class = 1");
                return pid();
            });
            assertThat(inner).isNotEqualTo(outer);
            // The suspended transaction's connection is bound again.
            assertThat(pid()).isEqualTo(outer);
            throw new IllegalStateException("roll the outer back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(balances()).containsExactly(100, 0);
        assertThat(result(admin.execute("SELECT value FROM bl_skew WHERE class = 1")).fetchOne().get(0, Integer.class))
                .isEqualTo(11);
        assertConnectionsReturned();
    }

    @Test
    void readOnlyRefusesWrites() {
        TransactionTemplate readOnly = template();
        readOnly.setReadOnly(true);
        assertThatThrownBy(() -> readOnly.executeWithoutResult(status -> move(1)))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("25006"));
        assertConnectionsReturned();
    }

    @Test
    void serializableSurfacesSerializationFailures() {
        TransactionTemplate serializable = template();
        serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        TransactionTemplate second = template(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        second.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        // Write skew: each reads the class the other writes. The inner one commits first; the outer must fail.
        assertThatThrownBy(() -> serializable.executeWithoutResult(outer -> {
            db.execute("SELECT sum(value) FROM bl_skew WHERE class = 1");
            second.executeWithoutResult(inner -> {
                db.execute("SELECT sum(value) FROM bl_skew WHERE class = 2");
                db.execute("INSERT INTO bl_skew VALUES (1, 1)");
            });
            db.execute("INSERT INTO bl_skew VALUES (2, 2)");
        })).isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("40001"));
        assertConnectionsReturned();
    }

    @Test
    void timeoutCancelsALongStatementAndRefusesALateCommit() {
        TransactionTemplate timed = template();
        timed.setTimeout(1);
        // statement_timeout: the server cancels the statement (57014) when the transaction's time is up.
        assertThatThrownBy(() -> timed.executeWithoutResult(status -> {
            move(10);
            db.execute("SELECT pg_sleep(10)");
        })).isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("57014"));
        // No statement outlives the deadline, but the transaction does: the commit refuses.
        assertThatThrownBy(() -> timed.executeWithoutResult(status -> {
            move(10);
            db.execute("SELECT pg_sleep(0.6)");
            db.execute("SELECT pg_sleep(0.6)");
        })).isInstanceOf(TransactionTimedOutException.class);
        assertThat(balances()).containsExactly(100, 0);
        assertConnectionsReturned();
    }

    @Test
    void warnsOnceWhenThePlainPoolIsUsedInsideATransaction(CapturedOutput output) {
        template().executeWithoutResult(status -> {
            result(pool.execute("SELECT 1"));
            result(pool.execute("SELECT 2"));
        });
        assertThat(output.getAll()).containsOnlyOnce("runs OUTSIDE that transaction")
                .contains("Pool '" + pool.name() + "'");
        assertConnectionsReturned();
    }

    @Test
    void aBackendKilledInTheTransactionReportsTheStatementsFailureNotTheRollbacks() {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> template().executeWithoutResult(status -> {
            int pid = db.execute("SELECT pg_backend_pid()").fetchOne().get(0, Integer.class);
            result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
            db.execute("UPDATE bl_accounts SET balance = balance - 1 WHERE id = 1");
        }));
        // The server ended the session, so the transaction is gone: the caller learns why, not that ROLLBACK could
        // not be sent on a closed connection.
        assertThat(failure).isInstanceOf(io.momoko.ConnectionClosedException.class)
                .message().doesNotContain("ROLLBACK");
        assertThat(balances()).containsExactly(100, 0);
        io.momoko.test.Await.until("the pool recovers", () -> pool.stats().busy() == 0);
    }
}
