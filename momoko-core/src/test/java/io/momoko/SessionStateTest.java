package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** Pool-level statements never leave session state behind for the next caller (issue 14, item 4). */
@ExtendWith(TestDatabaseExtension.class)
class SessionStateTest {

    private Pool pool;
    private Connection admin;
    private String table;

    @BeforeEach
    void setUp(TestDatabase db) {
        table = "session_state_" + Long.toHexString(System.nanoTime());
        // One connection: whatever a statement leaves behind, the next caller gets.
        pool = TestPools.builder("momoko-session", db.options()).size(1).maxSize(1).build();
        result(pool.connect());
        admin = result(Momoko.connect(db.options()));
        result(admin.execute("CREATE TABLE " + table + " (i int)"));
    }

    @AfterEach
    void tearDown() {
        result(pool.close());
        result(admin.execute("DROP TABLE IF EXISTS " + table));
        result(admin.close());
    }

    private String show(String setting) {
        return result(pool.execute("SELECT current_setting(%s)", setting)).fetchOne().get(0, String.class);
    }

    @Test
    void aTransactionLeftOpenIsRolledBackBeforeTheNextCaller() {
        result(pool.execute("BEGIN"));
        for (int i = 0; i < 10; i++) {
            result(pool.execute("INSERT INTO " + table + " VALUES (%s)", i));
        }
        // Seen from another session: the inserts were acknowledged, so they must be committed.
        assertThat(result(admin.execute("SELECT count(*) FROM " + table)).fetchOne().get(0, Long.class)).isEqualTo(10L);
    }

    @Test
    void settingsListenersTempTablesAndLocksDoNotReachTheNextCaller() {
        String searchPath = show("search_path");
        result(pool.execute("SET search_path TO pg_catalog"));
        assertThat(show("search_path")).isEqualTo(searchPath);
        result(pool.execute("SET statement_timeout = 1234"));
        assertThat(show("statement_timeout")).isEqualTo("0");
        result(pool.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
        assertThat(show("default_transaction_read_only")).isEqualTo("off");
        result(pool.execute("CREATE TEMP TABLE scratch (i int)"));
        assertThat(result(pool.execute("SELECT to_regclass('pg_temp.scratch') IS NULL")).fetchOne().get(0, Boolean.class)).isTrue();
        result(pool.execute("LISTEN news"));
        assertThat(result(pool.execute("SELECT count(*) FROM pg_listening_channels()")).fetchOne().get(0, Long.class))
                .isZero();
        result(pool.execute("SELECT pg_advisory_lock(77)"));
        assertThat(result(admin.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 77"))
                .fetchOne().get(0, Long.class)).isZero();
        result(pool.transaction(List.of("SET search_path TO pg_catalog")));
        assertThat(show("search_path")).isEqualTo(searchPath);
    }

    @Test
    void aCleanBorrowedConnectionIsNotResetButADirtyOneIs() {
        Connection borrowed = result(pool.getConn());
        int pid = result(borrowed.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
        result(pool.putConn(borrowed));
        assertThat(lastQuery(pid)).isEqualTo("SELECT pg_backend_pid()");

        borrowed = result(pool.getConn());
        result(borrowed.execute("SET search_path TO pg_catalog"));
        result(pool.putConn(borrowed));
        assertThat(lastQuery(pid)).doesNotContain("search_path");
        assertThat(show("search_path")).doesNotStartWith("pg_catalog");

        borrowed = result(pool.getConn());
        result(borrowed.inTransaction(tx -> tx.execute("INSERT INTO " + table + " VALUES (1)")));
        result(pool.putConn(borrowed));
        assertThat(lastQuery(pid)).isEqualTo("COMMIT");
    }

    private String lastQuery(int pid) {
        return result(admin.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", pid)).fetchOne().get(0, String.class);
    }

    @Test
    void aSchemaChangeDoesNotBreakTheNextRunOfACachedStatement() {
        result(pool.execute("INSERT INTO " + table + " VALUES (%s)", 1));
        String query = "SELECT * FROM " + table + " WHERE i = %s";
        assertThat(result(pool.execute(query, 1)).fetchOne().size()).isEqualTo(1);
        result(admin.execute("ALTER TABLE " + table + " ADD COLUMN j int DEFAULT 7"));

        Row row = result(pool.execute(query, 1)).fetchOne();
        assertThat(row.size()).isEqualTo(2);
        assertThat(row.get(1, Integer.class)).isEqualTo(7);
        assertThat(result(pool.execute(query, 1)).fetchOne().size()).isEqualTo(2);
    }

    @Test
    void aSchemaChangeInsideATransactionFailsWithTheReason() {
        result(pool.execute("INSERT INTO " + table + " VALUES (%s)", 1));
        String query = "SELECT * FROM " + table + " WHERE i = %s";
        result(pool.execute(query, 1));
        result(admin.execute("ALTER TABLE " + table + " ADD COLUMN k int"));
        Throwable error = io.momoko.test.Await.failure(pool.inTransaction(tx -> tx.execute(query, 1)));
        assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("0A000")
                .hasMessageContaining("schema");
        assertThat(result(pool.execute(query, 1)).fetchOne().size()).isEqualTo(2);
    }

    @Test
    void theStatementCacheIsBoundedAndCanBeSwitchedOff(TestDatabase db) {
        for (int size : new int[] {0, 2}) {
            Pool small = Pool.builder().connectOptions(db.options()).size(1).statementCacheSize(size).build();
            try {
                result(small.connect());
                long prepared = result(small.withConnection(connection -> connection
                        .execute("SELECT %s::int", 1)
                        .thenCompose(c -> connection.execute("SELECT %s::int + 1", 1))
                        .thenCompose(c -> connection.execute("SELECT %s::int + 2", 1))
                        .thenCompose(c -> connection.execute("SELECT count(*) FROM pg_prepared_statements"))))
                        .fetchOne().get(0, Long.class);
                assertThat(prepared).as("statements prepared on the server with a cache of " + size).isEqualTo(size);
            } finally {
                result(small.close());
            }
        }
    }
}
