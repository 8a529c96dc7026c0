package io.momoko;

import io.momoko.test.ScramDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication against a server of the test's own that requires SCRAM-SHA-256, and the rule that a
 * password appears nowhere: not in logs, toString(), exception messages or stack traces.
 */
class SecurityTest {

    private static final String SECRET = "s3cr3t-Pa55word-" + Long.toHexString(System.nanoTime());
    private static final String ROTATED = "r0tated-Pa55word-" + Long.toHexString(System.nanoTime());
    private static ScramDatabase server;

    @BeforeAll
    static void startScramServer() {
        server = ScramDatabase.start(SECRET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static ConnectOptions superuser() {
        return server.superuser();
    }

    private static ConnectOptions.Builder app() {
        return server.app();
    }

    @Test
    void authenticatesWithScramSha256() {
        Connection conn = result(Momoko.connect(app().password(SECRET).build()));
        try {
            assertThat(result(conn.execute("SELECT current_user")).fetchOne().get(0)).isEqualTo("app");
        } finally {
            result(conn.close());
        }
        Connection admin = result(Momoko.connect(superuser()));
        try {
            assertThat(result(admin.execute("SELECT rolpassword LIKE 'SCRAM-SHA-256$%%' FROM pg_authid "
                    + "WHERE rolname = 'app'")).fetchOne().get(0)).isEqualTo(true);
        } finally {
            result(admin.close());
        }
    }

    @Test
    void aWrongPasswordNamesTheUserNotThePassword() {
        Throwable error = failure(Momoko.connect(app().password("wrong-" + SECRET).build()));
        assertThat(error).isInstanceOf(ConnectException.class).hasMessageContaining("for user \"app\"")
                .hasMessageContaining("28P01");
        assertThat(stackTrace(error)).doesNotContain(SECRET);
    }

    @Test
    void thePasswordAppearsNowhere() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        StringBuilder seen = new StringBuilder();
        try {
            ConnectOptions right = app().password(SECRET).build();
            ConnectOptions wrong = app().password(SECRET + "-wrong").build();
            seen.append(right).append(wrong).append(ConnectOptions.parse("postgresql://app:" + SECRET + "@h/db"));
            seen.append(stackTrace(failure(Momoko.connect(wrong))));
            seen.append(stackTrace(failure(Momoko.connect("postgresql://app:" + SECRET + "@127.0.0.1:"
                    + server.port() + "/postgres?sslmode=disable&bogus=1"))));
            Pool pool = Pool.builder().name("secretive").connectOptions(right).size(2)
                    .leakDetectionThreshold(Duration.ofMillis(50)).build();
            seen.append(pool).append(result(pool.connect()));
            Connection held = result(pool.getConn());
            seen.append(held).append(pool.stats());
            io.momoko.test.Await.until("a leak warning", () -> captured.toString(StandardCharsets.UTF_8)
                    .contains("possible leak"));
            result(pool.putConn(held));
            Pool failing = Pool.builder().name("failing").connectOptions(wrong).size(1).build();
            seen.append(stackTrace(failure(failing.connect())));
            seen.append(stackTrace(failure(failing.execute("SELECT 1"))));
            result(failing.close());
            result(pool.close());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String everything = seen + captured.toString(StandardCharsets.UTF_8);
        assertThat(everything).contains("app").contains("28P01").doesNotContain(SECRET);
    }

    @Test
    void aRotatedPasswordKeepsThePoolWorking() {
        AtomicReference<String> secret = new AtomicReference<>(SECRET);
        Pool pool = Pool.builder().name("rotating").size(1).maxSize(3)
                .connectOptions(app().passwordProvider(secret::get).build()).build();
        try {
            result(pool.connect());
            Connection admin = result(Momoko.connect(superuser()));
            try {
                result(admin.execute("ALTER ROLE app PASSWORD '" + ROTATED + "'"));
                secret.set(ROTATED);
                // The open connection keeps working; new ones log in with the new secret.
                Connection first = result(pool.getConn());
                Connection second = result(pool.getConn());
                Connection third = result(pool.getConn());
                for (Connection conn : new Connection[] {first, second, third}) {
                    assertThat(result(conn.execute("SELECT current_user")).fetchOne().get(0)).isEqualTo("app");
                    result(pool.putConn(conn));
                }
                assertThat(pool.stats().total()).isEqualTo(3);
            } finally {
                result(admin.execute("ALTER ROLE app PASSWORD '" + SECRET + "'"));
                result(admin.close());
            }
        } finally {
            result(pool.close());
        }
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

}
