package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection strings naming several servers, with libpq's {@code target_session_attrs} and
 * {@code load_balance_hosts}, against real servers: the shared test server (read-write) and one of the test's own
 * that refuses writes ({@code default_transaction_read_only=on}), as a hot standby does for this check.
 */
@ExtendWith(TestDatabaseExtension.class)
class MultiHostTest {

    private static EmbeddedPostgres readOnly;

    @BeforeAll
    static void startReadOnlyServer() throws Exception {
        readOnly = EmbeddedPostgres.builder().setServerConfig("default_transaction_read_only", "on").start();
    }

    @AfterAll
    static void stopReadOnlyServer() throws Exception {
        readOnly.close();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The test server and the read-only one, in that order unless told otherwise, as one URL. */
    private static String url(TestDatabase db, String servers, String query) {
        ConnectOptions options = db.options();
        return "postgresql://" + options.user() + (options.password() == null ? "" : ":" + options.password()) + "@"
                + servers + "/postgres?sslmode=disable&" + query;
    }

    private static String server(TestDatabase db) {
        return "127.0.0.1:" + db.options().port();
    }

    private static String readOnlyServer() {
        return "127.0.0.1:" + readOnly.getPort();
    }

    /** Which server a new connection reached: the read-only one says so. */
    private static String reached(String url) {
        Connection connection = result(Momoko.connect(ConnectOptions.parse(url)));
        try {
            return result(connection.execute("SHOW default_transaction_read_only")).fetchOne().get(0, String.class)
                    .equals("on") ? "read-only" : "read-write";
        } finally {
            result(connection.close());
        }
    }

    @Test
    void triesTheServersInOrderAndNamesEveryOneWhenNoneAnswers(TestDatabase db) throws Exception {
        int closed = closedPort();
        assertThat(reached(url(db, "127.0.0.1:" + closed + "," + server(db), "connect_timeout=2")))
                .isEqualTo("read-write");
        int other = closedPort();
        Throwable error = failure(Momoko.connect(ConnectOptions.parse(url(db, "127.0.0.1:" + closed + ",127.0.0.1:"
                + other, "connect_timeout=2"))));
        assertThat(error).isInstanceOf(ConnectException.class).hasMessageContaining("no server fits")
                .hasMessageContaining("127.0.0.1:" + closed).hasMessageContaining("127.0.0.1:" + other);
    }

    @Test
    void targetSessionAttrsPicksTheServerThatFits(TestDatabase db) {
        String both = readOnlyServer() + "," + server(db);
        assertThat(reached(url(db, both, "target_session_attrs=any"))).isEqualTo("read-only");
        assertThat(reached(url(db, both, "target_session_attrs=read-write"))).isEqualTo("read-write");
        assertThat(reached(url(db, server(db) + "," + readOnlyServer(), "target_session_attrs=read-only")))
                .isEqualTo("read-only");
        Throwable error = failure(Momoko.connect(ConnectOptions.parse(url(db, readOnlyServer(),
                "target_session_attrs=read-write"))));
        assertThat(error).isInstanceOf(ConnectException.class)
                .hasMessageContaining("no server fits target_session_attrs=read-write")
                .hasMessageContaining(readOnlyServer() + ": read-only");
        // Neither server is in recovery: primary takes the first, standby finds none, prefer-standby falls back.
        assertThat(reached(url(db, both, "target_session_attrs=primary"))).isEqualTo("read-only");
        assertThat(failure(Momoko.connect(ConnectOptions.parse(url(db, both, "target_session_attrs=standby")))))
                .hasMessageContaining(server(db) + ": a primary");
        assertThat(reached(url(db, both, "target_session_attrs=prefer-standby"))).isEqualTo("read-only");
    }

    @Test
    void loadBalancingSpreadsConnectionsOverTheServers(TestDatabase db) {
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 20 && reached.size() < 2; i++) {
            reached.add(reached(url(db, server(db) + "," + readOnlyServer(), "load_balance_hosts=random")));
        }
        assertThat(reached).containsExactlyInAnyOrder("read-only", "read-write");
    }

    @Test
    void aPoolOverSeveralServersServes(TestDatabase db) throws Exception {
        Pool pool = result(Pool.builder().url(url(db, "127.0.0.1:" + closedPort() + "," + readOnlyServer() + ","
                + server(db), "target_session_attrs=read-write&connect_timeout=2")).size(2).build().connect());
        try {
            assertThat(result(pool.execute("SHOW default_transaction_read_only")).fetchOne().get(0)).isEqualTo("off");
            assertThat(pool.toString()).doesNotContain("password");
        } finally {
            result(pool.close());
        }
    }

    /**
     * A former primary that comes back read-only (demoted, or fenced by an operator) answers writes with 25006:
     * the pool retires its connections to it and the write runs, once, on the server that now takes writes.
     */
    @Test
    void aServerTurnedReadOnlyIsLeftForTheOneThatTakesWrites(TestDatabase db) throws Exception {
        EmbeddedPostgres demoted = EmbeddedPostgres.builder().start();
        String table = "demoted_" + Long.toHexString(System.nanoTime());
        Connection admin = result(Momoko.connect(db.options()));
        try {
            result(admin.execute("CREATE TABLE " + table + " (id int)"));
            Pool pool = result(Pool.builder().url(url(db, "127.0.0.1:" + demoted.getPort() + "," + server(db),
                    "target_session_attrs=read-write")).size(1).maxSize(1).build().connect());
            try {
                assertThat(result(pool.execute("SELECT inet_server_port()")).fetchOne().get(0, Integer.class))
                        .isEqualTo(demoted.getPort());
                Connection demotedAdmin = result(Momoko.connect(ConnectOptions.builder().host("127.0.0.1")
                        .port(demoted.getPort()).user("postgres").database("postgres").sslMode(SslMode.DISABLE)
                        .build()));
                result(demotedAdmin.execute("CREATE TABLE " + table + " (id int)"));
                result(demotedAdmin.execute("ALTER SYSTEM SET default_transaction_read_only = on"));
                result(demotedAdmin.execute("SELECT pg_reload_conf()"));
                result(demotedAdmin.close());

                // A transaction on a borrowed connection (as Spring's managers run it) fails once, typed; its
                // connection is retired, so the next one lands on the server that takes writes.
                assertThat(failure(pool.withConnection(connection -> connection.inTransaction(tx -> tx.execute(
                        "INSERT INTO " + table + " VALUES (0)"))))).isInstanceOf(DatabaseException.class)
                        .hasMessageContaining("25006");
                result(pool.withConnection(connection -> connection.inTransaction(tx -> tx.execute(
                        "INSERT INTO " + table + " VALUES (2)"))));
                result(pool.execute("INSERT INTO " + table + " VALUES (1)"));
                assertThat(result(admin.execute("SELECT count(*) FROM " + table)).fetchOne().get(0)).isEqualTo(2L);
                assertThat(result(pool.execute("SELECT inet_server_port()")).fetchOne().get(0, Integer.class))
                        .isEqualTo(db.options().port());
            } finally {
                result(pool.close());
            }
        } finally {
            result(admin.execute("DROP TABLE IF EXISTS " + table));
            result(admin.close());
            demoted.close();
        }
    }
}
