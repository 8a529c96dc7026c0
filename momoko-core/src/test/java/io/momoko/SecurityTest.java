package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.CapturedOutput;
import io.momoko.test.OutputCaptureExtension;
import io.momoko.test.ScramDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication against a server of the test's own that requires SCRAM-SHA-256, and the rule that a
 * password appears nowhere: not in logs, toString(), exception messages or stack traces.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityTest {

    private static final String SECRET = "s3cr3t-Pa55word-" + Long.toHexString(System.nanoTime());
    private static final String ROTATED = "r0tated-Pa55word-" + Long.toHexString(System.nanoTime());
    /** A part every password of the test has: a leak of any password, or of a piece of one, contains it. */
    private static final String SHARED_PART = "Pa55word";
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
        assertThat(stackTrace(error)).doesNotContain(SECRET).doesNotContain(SHARED_PART);
    }

    @Test
    void thePasswordAppearsNowhere(CapturedOutput output) {
        StringBuilder seen = new StringBuilder();
        String masked = "postgresql://app:***@127.0.0.1:" + server.port() + "/postgres?sslmode=disable";
        ConnectOptions right = app().password(SECRET).build();
        ConnectOptions wrong = app().password(SECRET + "-wrong").build();
        ConnectOptions parsed = ConnectOptions.parse(server.appUrl());
        for (ConnectOptions options : new ConnectOptions[] {right, wrong, parsed}) {
            assertThat(options.toString()).isEqualTo(masked);
            seen.append(options);
        }
        assertThat(parsed.password()).as("the URL carried the password").isEqualTo(SECRET);

        Throwable refused = failure(Momoko.connect(wrong));
        assertThat(refused).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("Cannot connect to " + masked + ": ").hasMessageContaining("28P01");
        seen.append(stackTrace(refused));
        Throwable malformed = failure(Momoko.connect(server.appUrl() + "&bogus=1"));
        assertThat(malformed).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Unknown DSN option \"bogus\"");
        seen.append(stackTrace(malformed));

        Pool pool = Pool.builder().name("secretive").connectOptions(right).size(2)
                .leakDetectionThreshold(Duration.ofMillis(50)).build();
        seen.append(pool).append(result(pool.connect()));
        Connection held = result(pool.getConn());
        seen.append(held).append(pool.stats());
        Await.until("a leak warning", () -> output.err().contains("possible leak"));
        assertThat(output.err()).contains("Pool 'secretive'");
        result(pool.putConn(held));
        Pool failing = Pool.builder().name("failing").connectOptions(wrong).size(1).build();
        Throwable notConnected = failure(failing.connect());
        assertThat(notConnected).isInstanceOf(PartiallyConnectedException.class);
        assertThat(notConnected.getCause()).hasMessageContaining("28P01");
        seen.append(stackTrace(notConnected));
        seen.append(stackTrace(failure(failing.execute("SELECT 1"))));
        result(failing.close());
        result(pool.close());

        String everything = seen + output.all();
        assertThat(everything).contains(masked).doesNotContain(SECRET).doesNotContain(SHARED_PART);
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
