package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue of bad input: each case gets a typed error with an exact message, before anything reaches
 * the server, and leaves the connection and pool usable.
 */
@ExtendWith(TestDatabaseExtension.class)
class BadInputTest {

    private static Pool pool;

    @BeforeAll
    static void connect(TestDatabase db) {
        pool = result(Pool.builder().name("bad-input").connectOptions(db.options()).size(1).build().connect());
    }

    @AfterAll
    static void close() {
        result(pool.close());
    }

    private static void rejects(Throwable error, Class<? extends Throwable> type, String message) {
        assertThat(error).isInstanceOf(type).hasMessage(message);
    }

    @Test
    void malformedPlaceholders() {
        rejects(failure(pool.execute("SELECT %(foos;", Map.of("foos", 1))), ProgrammingException.class,
                "Malformed named placeholder at index 7: '%(' without a closing ')s'");
        rejects(failure(pool.execute("SELECT %(a)d", Map.of("a", 1))), ProgrammingException.class,
                "Malformed named placeholder at index 7: expected 's' after ')'");
        rejects(failure(pool.execute("SELECT %d", 1)), ProgrammingException.class,
                "Unsupported placeholder '%d' at index 7 (use %s, %(name)s, or %% for a literal %)");
        rejects(failure(pool.execute("SELECT 100 %", 1)), ProgrammingException.class,
                "Incomplete placeholder at index 11: a lone '%' ends the statement (write %% for a literal %)");
        rejects(failure(pool.execute("SELECT '%s'", 1)), ProgrammingException.class,
                "Placeholder at index 8 is inside a quoted string, dollar-quoted body or comment, where it cannot be bound; write it "
                        + "unquoted (or %% for a literal %)");
    }

    @Test
    void wrongParameterCounts() {
        rejects(failure(pool.execute("SELECT %s, %s", 1)), ProgrammingException.class,
                "Statement has 2 %s placeholder(s) but 1 parameter(s) were given");
        rejects(failure(pool.execute("SELECT %s", 1, 2)), ProgrammingException.class,
                "Statement has 1 %s placeholder(s) but 2 parameter(s) were given");
        rejects(failure(pool.execute("SELECT $2", 1)), ProgrammingException.class,
                "Statement refers to parameters up to $2 but 1 parameter(s) were given");
        rejects(failure(pool.execute("SELECT 1", 1)), ProgrammingException.class,
                "Statement has no placeholders but 1 parameter(s) were given");
        rejects(failure(pool.execute("SELECT %(a)s, %(b)s", Map.of("a", 1))), ProgrammingException.class,
                "Missing parameter 'b' for %(b)s; given: [a]");
    }

    @Test
    void moreParametersThanTheServerAccepts() {
        int count = 70_000;
        Object[] values = new Object[count];
        java.util.Arrays.fill(values, 1);
        String sql = "SELECT 1 WHERE 1 IN (" + String.join(", ", java.util.Collections.nCopies(count, "%s")) + ")";
        rejects(failure(pool.execute(sql, values)), ProgrammingException.class, "Statement has 70000 parameters but "
                + "PostgreSQL accepts at most 65535; pass the values as one array parameter (= ANY(%s))");
        // The way the message suggests works, with all 70,000 values.
        assertThat(result(pool.execute("SELECT count(*) FROM unnest(%s) AS v WHERE v = ANY(%s)",
                (Object) values, (Object) values)).fetchOne().get(0)).isEqualTo(70_000L);
    }

    @Test
    void mixedStyles() {
        rejects(failure(pool.execute("SELECT %s, $1", 1)), ProgrammingException.class,
                "Statement mixes %-style and $n placeholders (first at index 7); use one style");
        rejects(failure(pool.execute("SELECT %s, %(a)s", 1)), ProgrammingException.class,
                "Statement mixes named and positional placeholders at index 11");
        rejects(failure(pool.execute("SELECT %(a)s", 1)), ProgrammingException.class,
                "Statement uses named placeholders (%(name)s) but 1 positional parameter(s) were given; pass a Map");
        rejects(failure(pool.execute("SELECT %s", Map.of("a", 1))), ProgrammingException.class,
                "Statement uses positional placeholders but a Map of named parameters was given");
    }

    @Test
    void unsupportedValues() {
        assertThat(failure(pool.execute("SELECT %s", new Thread()))).isInstanceOf(UnsupportedTypeException.class)
                .hasMessageStartingWith("Cannot send parameter #1 of type java.lang.Thread; supported: null, Boolean");
        rejects(failure(pool.execute("SELECT %s", "a\0b")), ProgrammingException.class,
                "Cannot send parameter #1: it contains a NUL character (\\u0000) at index 1, which PostgreSQL text "
                        + "cannot hold; use bytea for binary data");
        rejects(failure(pool.execute("SELECT %s", List.of(1, "x"))), UnsupportedTypeException.class,
                "Cannot send parameter #1: its elements mix int4 and text");
        rejects(failure(pool.execute("SELECT %s", List.of(List.of(1), List.of("x")))), UnsupportedTypeException.class,
                "Cannot send parameter #1: its elements mix int4 and text");
        assertThat(failure(pool.execute("SELECT %s", List.of(List.of(1, 2), List.of(3)))))
                .as("a ragged two-dimensional array").isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("22P02"));
        assertThat(failure(pool.execute("INSERT INTO pg_temp.nowhere VALUES (%s)", 1)))
                .isInstanceOf(DatabaseException.class);
    }

    @Test
    void badConfiguration() {
        assertThatThrownBy(() -> ConnectOptions.parse("host=db port=70000")).isInstanceOf(ConfigurationException.class)
                .hasMessage("DSN port must be a number between 1 and 65535, was '70000'");
        assertThatThrownBy(() -> ConnectOptions.parse("postgresql://u@db:abc/x")).isInstanceOf(ConfigurationException.class)
                .hasMessage("DSN port must be a number between 1 and 65535, was 'abc'");
        assertThatThrownBy(() -> ConnectOptions.parse("host=db colour=blue")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Unknown DSN option \"colour\": expected host, port, dbname, user, password, sslmode, "
                        + "sslrootcert, application_name, connect_timeout, keepalives, keepalives_idle, "
                        + "keepalives_interval, keepalives_count, target_session_attrs, load_balance_hosts or options");
        assertThatThrownBy(() -> Pool.builder().url("postgresql://u@db/x").size(-1).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("size must be >= 0, was -1");
        assertThatThrownBy(() -> Pool.builder().url("postgresql://u@db/x").acquireTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("acquireTimeout must be positive, was PT-1S");
        assertThatThrownBy(() -> Statement.of("SELECT 1").withTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessage("Statement timeout must be positive, was PT0S");
    }

    @Test
    void callsAfterClose(TestDatabase db) {
        Pool closed = Pool.builder().name("closed").connectOptions(db.options()).build();
        result(closed.close());
        rejects(failure(closed.execute("SELECT 1")), PoolClosedException.class, "Pool 'closed' is closed");
        rejects(failure(closed.getConn()), PoolClosedException.class, "Pool 'closed' is closed");
        rejects(failure(closed.connect()), PoolClosedException.class, "Pool 'closed' is closed");
        Connection conn = result(Momoko.connect(db.options()));
        result(conn.close());
        assertThat(failure(conn.execute("SELECT 1"))).isInstanceOf(ConnectionClosedException.class)
                .hasMessageEndingWith("is closed; cannot run \"SELECT 1\"");
    }

    @Test
    void injectionAttemptsStayData() {
        for (String attack : List.of("'; DROP TABLE pg_class; --", "\\'; SELECT 1; --", "$$; SELECT 1; $$",
                "%s", "%(x)s", "' OR '1'='1", "\\x00", "E'\\\\'")) {
            assertThat(result(pool.execute("SELECT %s", attack)).fetchOne().get(0)).isEqualTo(attack);
            assertThat(result(pool.execute("SELECT " + pool.mogrify("%s", attack))).fetchOne().get(0)).isEqualTo(attack);
        }
        assertThat(pool.stats().busy()).isZero();
    }
}
