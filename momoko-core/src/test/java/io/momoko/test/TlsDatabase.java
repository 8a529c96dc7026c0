package io.momoko.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * An embedded PostgreSQL with {@code ssl=on} and a self-signed certificate made for it (naming only
 * {@code localhost}), started once per JVM and stopped with it; and certificates of strangers, for the
 * verification that must fail. The shared test server ({@link TestDatabase}) has no TLS.
 */
public final class TlsDatabase {

    private static TlsDatabase instance;

    private final EmbeddedPostgres server;
    private final Path certificate;

    private TlsDatabase() throws IOException, GeneralSecurityException, InterruptedException {
        Path directory = Files.createTempDirectory("momoko-tls");
        KeyStore store = selfSigned(directory.resolve("server.p12"), "server", "SAN=dns:localhost");
        certificate = directory.resolve("server.crt");
        Path keyFile = directory.resolve("server.key");
        Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY",
                ((PrivateKey) store.getKey("server", "changeit".toCharArray())).getEncoded()));
        // The server refuses a key others can read.
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        server = EmbeddedPostgres.builder().setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificate.toString())
                .setServerConfig("ssl_key_file", keyFile.toString()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }));
    }

    /**
     * Returns the server, starting it on first use.
     *
     * @return the TLS test server
     */
    public static synchronized TlsDatabase get() {
        if (instance == null) {
            try {
                instance = new TlsDatabase();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException("Cannot start the TLS test server", e);
            }
        }
        return instance;
    }

    /**
     * Returns the server's port.
     *
     * @return the port on localhost
     */
    public int port() {
        return server.getPort();
    }

    /**
     * Returns the server's own certificate (PEM), which is also the root that verifies it.
     *
     * @return the file
     */
    public Path certificate() {
        return certificate;
    }

    /**
     * Makes a certificate that did not sign the server's (PEM), also naming {@code localhost}.
     *
     * @return a new file
     */
    public static Path strangerCertificate() {
        try {
            Path directory = Files.createTempDirectory("momoko-stranger");
            KeyStore store = selfSigned(directory.resolve("other.p12"), "other", null);
            Path file = directory.resolve("stranger.crt");
            Files.writeString(file, pem("CERTIFICATE", store.getCertificate("other").getEncoded()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | InterruptedException e) {
            throw new IllegalStateException("Cannot make a certificate", e);
        }
    }

    private static KeyStore selfSigned(Path keystore, String alias, String extension)
            throws IOException, GeneralSecurityException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", alias,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit"));
        if (extension != null) {
            command.addAll(java.util.List.of("-ext", extension));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
