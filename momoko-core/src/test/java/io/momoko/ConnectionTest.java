package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.PgActivity;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Connection contract, ported from Momoko's connection tests and extended, against a real server. */
@ExtendWith(TestDatabaseExtension.class)
class ConnectionTest {

    private Connection conn;

    @BeforeEach
    void connect(TestDatabase db) {
        conn = result(Momoko.connect(db.url()));
    }

    @AfterEach
    void close() {
        result(conn.close());
    }

    @Test
    void selectsSeveralColumns() {
        Cursor<Row> cursor = result(conn.execute("SELECT 1, 2, 3"));
        Row row = cursor.fetchOne();
        assertThat(List.of(row.get(0), row.get(1), row.get(2))).containsExactly(1, 2, 3);
        assertThat(cursor.fetchOne()).isNull();
        assertThat(cursor.rowCount()).isEqualTo(1);
        assertThat(cursor.description()).extracting(Column::typeName).containsExactly("INT4", "INT4", "INT4");
    }

    @Test
    void keepsEveryPercentSignWithoutParameters() {
        assertThat(result(conn.execute("SELECT '%'")).fetchOne().get(0)).isEqualTo("%");
        Row row = result(conn.execute("SELECT '%%', 7 % 4")).fetchOne();
        assertThat(List.of(row.get(0), row.get(1))).containsExactly("%%", 3);
    }

    @Test
    void reducesDoublePercentWhenBound() {
        Row row = result(conn.execute("SELECT '100%%', %s %% 4", 7)).fetchOne();
        assertThat(row.get(0)).isEqualTo("100%");
        assertThat(row.get(1)).isEqualTo(3);
    }

    @Test
    void pings() {
        result(conn.ping());
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void bindsPositionalNamedAndNumberedParameters() {
        assertThat(result(conn.execute("SELECT %s + %s", 40, 2)).fetchOne().get(0)).isEqualTo(42);
        assertThat(result(conn.execute("SELECT %(a)s || %(b)s || %(a)s", Map.of("a", "x", "b", "y", "unused", 1)))
                .fetchOne().get(0)).isEqualTo("xyx");
        assertThat(result(conn.execute("SELECT $2::text || $1::text", "b", "a")).fetchOne().get(0)).isEqualTo("ab");
    }

    @Test
    void injectionAttemptsStayData() {
        String hostile = "'); DROP TABLE pg_class; --";
        assertThat(result(conn.execute("SELECT %s", hostile)).fetchOne().get(0)).isEqualTo(hostile);
    }

    @Test
    void insertsLargeStrings() {
        result(conn.execute("CREATE TEMP TABLE large (value text)"));
        String big = "a".repeat(100_000);
        result(conn.execute("INSERT INTO large VALUES (%s)", big));
        assertThat(result(conn.execute("SELECT value FROM large")).fetchOne().getString("value")).isEqualTo(big);
    }

    @Test
    void runsATransactionOfSixStatements() {
        result(conn.execute("CREATE TEMP TABLE items (id int PRIMARY KEY, name text)"));
        List<Cursor<Row>> cursors = result(conn.transaction(List.of(
                Statement.of("INSERT INTO items VALUES (%s, %s)", 1, "one"),
                Statement.of("INSERT INTO items VALUES (%s, %s)", 2, "two"),
                Statement.of("INSERT INTO items VALUES (%(id)s, %(name)s)", Map.of("id", 3, "name", "three")),
                "UPDATE items SET name = upper(name) WHERE id = 1",
                "DELETE FROM items WHERE id = 2",
                "SELECT id, name FROM items ORDER BY id")));
        assertThat(cursors).hasSize(6);
        assertThat(cursors.get(3).rowCount()).isEqualTo(1);
        assertThat(cursors.get(5).fetchAll()).extracting(row -> row.getString("name")).containsExactly("ONE", "three");
    }

    @Test
    void rollsBackOnError() {
        result(conn.execute("CREATE TEMP TABLE items (id int PRIMARY KEY)"));
        Throwable error = failure(conn.transaction(List.of(
                "INSERT INTO items VALUES (1)",
                "INSERT INTO items VALUES (2)",
                "INSERT INTO items VALUES (1)")));
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("23505");
        assertThat(result(conn.execute("SELECT count(*) FROM items")).fetchOne().get(0)).isEqualTo(0L);
    }

    @Test
    void leavesTheTransactionOpenWithoutAutoRollback() {
        Throwable error = failure(conn.transaction(List.of("SELECT 1", "SELECT 1/0"), false));
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("22012");
        DatabaseException aborted = (DatabaseException) failure(conn.execute("SELECT 1"));
        assertThat(aborted.sqlState()).isEqualTo("25P02");
        result(conn.execute("ROLLBACK"));
        assertThat(result(conn.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void inTransactionCommitsOnSuccessAndRollsBackOnFailure() {
        result(conn.execute("CREATE TEMP TABLE accounts (id int PRIMARY KEY, balance int)"));
        result(conn.execute("INSERT INTO accounts VALUES (1, 100), (2, 0)"));
        int moved = result(conn.inTransaction(tx -> tx.execute("SELECT balance FROM accounts WHERE id = 1")
                .thenCompose(c -> {
                    int amount = c.fetchOne().getInteger("balance") / 2;
                    return tx.execute("UPDATE accounts SET balance = balance - %s WHERE id = 1", amount)
                            .thenCompose(ignored -> tx.execute(
                                    "UPDATE accounts SET balance = balance + %s WHERE id = 2", amount))
                            .thenApply(ignored -> amount);
                })));
        assertThat(moved).isEqualTo(50);

        Throwable error = failure(conn.inTransaction(tx -> tx.execute("UPDATE accounts SET balance = 0")
                .thenCompose(ignored -> CompletableFuture.failedFuture(new IllegalStateException("business rule")))));
        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("business rule");
        assertThat(failure(conn.inTransaction(tx -> {
            throw new IllegalArgumentException("thrown, not returned");
        }))).isInstanceOf(IllegalArgumentException.class);

        List<Row> balances = result(conn.execute("SELECT balance FROM accounts ORDER BY id")).fetchAll();
        assertThat(balances).extracting(row -> row.getInteger("balance")).containsExactly(50, 50);
    }

    @Test
    void roundTripsHstore() {
        result(conn.execute("CREATE EXTENSION IF NOT EXISTS hstore"));
        result(conn.registerHstore());
        Map<String, String> value = new LinkedHashMap<>();
        value.put("a", "1");
        value.put("quote\"and\\slash", "x=>y, z");
        value.put("nothing", null);
        // A lone Map argument would mean named parameters, as in psycopg2; cast it to pass it as a value.
        Row row = result(conn.execute("SELECT %s AS h, 'k=>v'::hstore AS literal", (Object) value)).fetchOne();
        assertThat(row.get("h")).isEqualTo(value);
        assertThat(row.get("literal")).isEqualTo(Map.of("k", "v"));
        assertThat(result(conn.execute("SELECT " + conn.mogrify("%s", (Object) value))).fetchOne().get(0)).isEqualTo(value);
    }

    @Test
    void reportsAMissingHstoreExtensionClearly(TestDatabase db) {
        String database = "momoko_no_hstore_" + Long.toHexString(System.nanoTime());
        result(conn.execute("CREATE DATABASE " + database));
        try {
            Connection other = result(Momoko.connect(db.options().toBuilder().database(database).build()));
            try {
                Throwable error = failure(other.registerHstore());
                assertThat(error).isInstanceOf(MomokoException.class)
                        .hasMessageContaining("hstore extension is not installed in database '" + database + "'");
                assertThat(((DatabaseException) error.getCause()).sqlState()).isEqualTo("42704");
            } finally {
                result(other.close());
            }
        } finally {
            result(conn.execute("DROP DATABASE " + database));
        }
    }

    @Test
    void roundTripsJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", "momoko");
        document.put("tags", List.of("pg", "async"));
        document.put("nested", Map.of("n", 1));
        document.put("none", null);
        Row row = result(conn.execute("SELECT %s AS j, %s::jsonb AS jb, '[1, \"two\", true]'::json AS arr, "
                + "'\"text\"'::jsonb AS str", document, document)).fetchOne();
        assertThat(row.get("j")).isEqualTo(document);
        assertThat(row.get("jb")).isEqualTo(document);
        assertThat(row.get("arr")).isEqualTo(List.of(1, "two", true));
        assertThat(row.get("str")).isEqualTo("text");
    }

    @Test
    void callsProcedures() {
        result(conn.execute("CREATE OR REPLACE FUNCTION pg_temp.square(n int) RETURNS int "
                + "LANGUAGE sql AS 'SELECT n * n'"));
        result(conn.execute("CREATE OR REPLACE FUNCTION pg_temp.answer() RETURNS int LANGUAGE sql AS 'SELECT 42'"));
        assertThat(result(conn.callProc("pg_temp.square", 64)).fetchOne().get(0)).isEqualTo(4096);
        assertThat(result(conn.callProc("pg_temp.answer")).fetchOne().get(0)).isEqualTo(42);
        assertThat(failure(conn.callProc("pg_temp.answer(); DROP TABLE x; --")))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("Invalid function name");
    }

    @Test
    void carriesTheServersSqlState() {
        DatabaseException syntax = (DatabaseException) failure(conn.execute("SELEC 1"));
        assertThat(syntax.sqlState()).isEqualTo("42601");
        assertThat(syntax.position()).isEqualTo(1);
        assertThat(syntax.severity()).isEqualTo("ERROR");
        assertThat(syntax.getMessage()).contains("42601");

        DatabaseException missing = (DatabaseException) failure(conn.execute("SELECT * FROM no_such_table WHERE id = %s", 1));
        assertThat(missing.sqlState()).isEqualTo("42P01");
        assertThat(missing.serverMessage()).contains("no_such_table");
        assertThat(missing.isConnectionFatal()).isFalse();
        // the connection is still usable after an error
        assertThat(result(conn.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void rejectsProgrammingErrorsBeforeSendingAnything() {
        assertThat(failure(conn.execute("SELECT %s, %s", 1))).isInstanceOf(ProgrammingException.class)
                .hasMessage("Statement has 2 %s placeholder(s) but 1 parameter(s) were given");
        assertThat(failure(conn.execute("SELECT %(foos;", Map.of("foos", 1)))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("index 7");
        assertThat(failure(conn.execute("SELECT %s", new Object()))).isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("java.lang.Object");
        assertThat(failure(conn.execute("SELECT %s", "nul\0byte"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("NUL character");
        assertThat(failure(conn.execute("SELECT %(a)s", 1))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("pass a Map");
        assertThat(failure(conn.execute("SELECT %(a)s", Map.of("b", 1)))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("Missing parameter 'a'");
    }

    @Test
    void bindsAndReadsEveryDocumentedType() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = {0, 1, 2, (byte) 0xff, '\'', '\\'};
        OffsetDateTime odt = OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000, ZoneOffset.ofHours(5));
        Instant instant = Instant.parse("2020-01-01T00:00:00.000001Z");
        Object[] values = {null, true, (short) 7, 42, 9_000_000_000L, new BigDecimal("12345.6789"), 1.5f, 2.25d,
                "text 'quoted' \\ back", bytes, uuid, LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 16_000),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000), odt, instant, List.of(1, 2, 3), new String[] {"a", null, "c"},
                List.of(new BigDecimal("1.5"), new BigDecimal("-2")), List.of()};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("%s");
        }
        sql.setLength(sql.length() - 2);
        sql.append("%s::int[]");
        Row row = result(conn.execute(sql.toString(), values)).fetchOne();
        assertThat(row.get(0)).isNull();
        assertThat(row.get(1)).isEqualTo(true);
        assertThat(row.get(2)).isEqualTo((short) 7);
        assertThat(row.get(3)).isEqualTo(42);
        assertThat(row.get(4)).isEqualTo(9_000_000_000L);
        assertThat(row.get(5)).isEqualTo(new BigDecimal("12345.6789"));
        assertThat(row.get(6)).isEqualTo(1.5f);
        assertThat(row.get(7)).isEqualTo(2.25d);
        assertThat(row.get(8)).isEqualTo("text 'quoted' \\ back");
        assertThat((byte[]) row.get(9)).containsExactly(bytes);
        assertThat(row.get(10)).isEqualTo(uuid);
        assertThat(row.get(11)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.get(12)).isEqualTo(LocalTime.of(13, 14, 15, 16_000));
        assertThat(row.get(13)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000));
        assertThat(((OffsetDateTime) row.get(14)).toInstant()).isEqualTo(odt.toInstant());
        assertThat(row.get(15, Instant.class)).isEqualTo(instant);
        assertThat(row.get(16)).isEqualTo(List.of(1, 2, 3));
        assertThat(row.get(17)).isEqualTo(Arrays.asList("a", null, "c"));
        assertThat(row.get(18)).isEqualTo(List.of(new BigDecimal("1.5"), new BigDecimal("-2")));
        assertThat(row.get(19)).isEqualTo(List.of());
        assertThat(row.get(16, Integer[].class)).containsExactly(1, 2, 3);
        assertThat(row.get(3, Long.class)).isEqualTo(42L);
        assertThatThrownBy(() -> row.get(4, Integer.class)).isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void buildsRowsWithCursorFactories() {
        record Product(int id, String productName, BigDecimal unitPrice) {
        }
        String sql = "SELECT 1 AS id, 'pen' AS product_name, 1.50 AS unit_price";
        Map<String, Object> asMap = result(conn.withCursorFactory(CursorFactory.map()).execute(sql)).fetchOne();
        assertThat(asMap).containsExactly(Map.entry("id", 1), Map.entry("product_name", "pen"),
                Map.entry("unit_price", new BigDecimal("1.50")));
        Product product = result(conn.withCursorFactory(CursorFactory.record(Product.class)).execute(sql)).fetchOne();
        assertThat(product).isEqualTo(new Product(1, "pen", new BigDecimal("1.50")));
    }

    @Test
    void fetchesInSteps() {
        Cursor<Row> cursor = result(conn.execute("SELECT generate_series(1, 10) AS n"));
        assertThat(cursor.rowCount()).isEqualTo(10);
        assertThat(cursor.fetchOne().getInteger("n")).isEqualTo(1);
        assertThat(cursor.fetchMany(3)).extracting(r -> r.getInteger("n")).containsExactly(2, 3, 4);
        List<Integer> rest = new ArrayList<>();
        cursor.forEach(r -> rest.add(r.getInteger("n")));
        assertThat(rest).containsExactly(5, 6, 7, 8, 9, 10);
        assertThat(cursor.fetchAll()).isEmpty();
        Cursor<Row> update = result(conn.execute("CREATE TEMP TABLE t AS SELECT 1 AS x"));
        assertThatThrownBy(update::fetchOne).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("no result set");
    }

    @Test
    void runsSeveralStatementsWrittenTogether() {
        Cursor<Row> last = result(conn.execute("SET TIME ZONE 'UTC'; SELECT current_setting('TimeZone')"));
        assertThat(last.fetchOne().get(0)).isEqualTo("UTC");
    }

    @Test
    void failsPendingAndNewWorkOnceClosed(TestDatabase db) {
        String name = TestPools.uniqueName("momoko-close");
        Connection closed = result(Momoko.connect(db.options().toBuilder().applicationName(name).build()));
        CompletableFuture<Cursor<Row>> pending = closed.execute("SELECT pg_sleep(30)");
        // Running on the server, so that close's cancel request stops it (one that arrived before the statement
        // would be ignored, and close would then wait for the sleep to end).
        Await.until("the statement running", () -> PgActivity.running(conn, name, "SELECT pg_sleep(30)") == 1);
        CompletableFuture<Void> closing = closed.close();
        // At once: the deadline is a tenth of what the statement would take to end on its own.
        ConnectionClosedException error = (ConnectionClosedException) failure(pending, Duration.ofSeconds(3));
        assertThat(error.wasSent()).as("the statement had been sent, so it may have taken effect").isTrue();
        result(closing, Duration.ofSeconds(10));
        assertThat(closed.isClosed()).isTrue();
        ConnectionClosedException next = (ConnectionClosedException) failure(closed.execute("SELECT 1"));
        assertThat(next.wasSent()).isFalse();
        assertThat(next.getMessage()).contains("closed");
    }

    @Test
    void failsWorkWhenTheServerEndsTheConnection(TestDatabase db) {
        Connection killer = result(Momoko.connect(db.options()));
        try {
            int pid = result(conn.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
            CompletableFuture<Cursor<Row>> pending = conn.execute("SELECT pg_sleep(10)");
            result(killer.execute("SELECT pg_terminate_backend(%s)", pid));
            Throwable error = failure(pending);
            assertThat(error).isInstanceOfAny(ConnectionClosedException.class, DatabaseException.class);
            Await.until("connection marked closed", conn::isClosed);
            assertThat(failure(conn.execute("SELECT 1"))).isInstanceOf(ConnectionClosedException.class);
        } finally {
            result(killer.close());
        }
    }
}
