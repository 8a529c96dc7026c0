package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TlsDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sslmode against a server of the test's own with {@code ssl=on} and a certificate the test makes
 * (self-signed, naming only {@code localhost}), and against the shared test server, which has no TLS.
 * Vert.x reports every refused handshake as "SSL handshake failed" without its cause, so each failure is pinned
 * down by its exact message and by the same connection succeeding with only the one thing under test changed.
 */
class TlsTest {

    private static TlsDatabase server;
    private static Path certificate;

    @BeforeAll
    static void startTlsServer() {
        server = TlsDatabase.get();
        certificate = server.certificate();
    }

    private static ConnectOptions.Builder to(String host, SslMode mode) {
        return ConnectOptions.builder().host(host).port(server.port()).user("postgres").database("postgres")
                .sslMode(mode);
    }

    private static Object encrypted(ConnectOptions options) {
        Connection conn = result(Momoko.connect(options));
        try {
            return result(conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).fetchOne().get(0);
        } finally {
            result(conn.close());
        }
    }

    @Test
    void connectsInEveryMode() {
        assertThat(encrypted(to("localhost", SslMode.DISABLE).build())).isEqualTo(false);
        assertThat(encrypted(to("localhost", SslMode.ALLOW).build())).isEqualTo(false);
        assertThat(encrypted(to("localhost", SslMode.PREFER).build())).isEqualTo(true);
        assertThat(encrypted(to("localhost", SslMode.REQUIRE).build())).isEqualTo(true);
        assertThat(encrypted(to("127.0.0.1", SslMode.VERIFY_CA).sslRootCert(certificate).build())).isEqualTo(true);
        assertThat(encrypted(to("localhost", SslMode.VERIFY_FULL).sslRootCert(certificate).build())).isEqualTo(true);
    }

    private static Throwable refused(ConnectOptions options) {
        return failure(Momoko.connect(options));
    }

    @Test
    void verifyFullFailsOnAWrongHostName() {
        ConnectOptions wrongHost = to("127.0.0.1", SslMode.VERIFY_FULL).sslRootCert(certificate).build();
        assertThat(refused(wrongHost)).isInstanceOf(ConnectException.class).hasMessage("Cannot connect to " + wrongHost
                + ": SSL handshake failed (check that sslrootcert " + certificate + " signed the server's certificate"
                + " and that the certificate names the host '127.0.0.1')");
        // The same certificate and trust succeed when only the authority is checked, and verify-full succeeds
        // for the name the certificate carries: the host name is what failed.
        assertThat(encrypted(to("127.0.0.1", SslMode.VERIFY_CA).sslRootCert(certificate).build())).isEqualTo(true);
        assertThat(encrypted(to("localhost", SslMode.VERIFY_FULL).sslRootCert(certificate).build())).isEqualTo(true);
    }

    @Test
    void verifyingFailsAgainstAnUntrustedCertificate() throws Exception {
        Path stranger = TlsDatabase.strangerCertificate();
        for (SslMode mode : new SslMode[] {SslMode.VERIFY_CA, SslMode.VERIFY_FULL}) {
            ConnectOptions untrusted = to("localhost", mode).sslRootCert(stranger).build();
            assertThat(refused(untrusted)).as(mode.dsnValue()).isInstanceOf(ConnectException.class)
                    .hasMessage("Cannot connect to " + untrusted + ": SSL handshake failed (check that sslrootcert "
                            + stranger + " signed the server's certificate"
                            + (mode == SslMode.VERIFY_FULL ? " and that the certificate names the host 'localhost'" : "")
                            + ")");
            // Only the trusted certificate differs from a connection that succeeds: trust is what failed.
            assertThat(encrypted(to("localhost", mode).sslRootCert(certificate).build())).isEqualTo(true);
        }
    }

    @Test
    void verifyingWithoutRootCertificatesTrustsOnlyTheJvmTrustStore() {
        // A self-signed certificate is in no public trust store.
        for (SslMode mode : new SslMode[] {SslMode.VERIFY_CA, SslMode.VERIFY_FULL}) {
            ConnectOptions jvmTrust = to("localhost", mode).build();
            assertThat(refused(jvmTrust)).as(mode.dsnValue()).isInstanceOf(ConnectException.class)
                    .hasMessage("Cannot connect to " + jvmTrust + ": SSL handshake failed (check that the server offers "
                            + "TLS" + (mode == SslMode.VERIFY_FULL ? " and that the certificate names the host "
                            + "'localhost'" : "") + ")");
            assertThat(encrypted(to("localhost", mode).sslRootCert(certificate).build())).isEqualTo(true);
        }
        assertThat(ConnectOptions.parse("host=localhost sslmode=verify-ca sslrootcert=/tmp/ca.pem").sslRootCert())
                .isEqualTo(Path.of("/tmp/ca.pem"));
    }

    @Test
    void requiringTlsFailsAgainstAServerWithoutIt() {
        ConnectOptions plain = TestDatabase.get().options();
        Connection probe = result(Momoko.connect(plain.toBuilder().sslMode(SslMode.DISABLE).build()));
        try {
            Object ssl = result(probe.execute("SHOW ssl")).fetchOne().get(0);
            if ("true".equals(System.getenv("CI"))) {
                // CI's test server is the embedded one, which has no TLS: a skip there would hide a broken setup.
                assertThat(ssl).as("the shared test server has no TLS").isEqualTo("off");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue("off".equals(ssl), "the shared test server has TLS");
        } finally {
            result(probe.close());
        }
        for (SslMode mode : new SslMode[] {SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL}) {
            ConnectOptions requiring = plain.toBuilder().sslMode(mode).sslRootCert(certificate).build();
            assertThat(refused(requiring)).as(mode.dsnValue()).isInstanceOf(ConnectException.class)
                    .hasMessage("Cannot connect to " + requiring + ": Postgres Server does not handle SSL connection");
        }
        // The server is there: the modes that may go without TLS connect, unencrypted.
        assertThat(encrypted(plain.toBuilder().sslMode(SslMode.ALLOW).build())).isEqualTo(false);
        assertThat(encrypted(plain.toBuilder().sslMode(SslMode.PREFER).build())).isEqualTo(false);
    }

    /** A certificate that did not sign the server's: another freshly made self-signed one. */
}
