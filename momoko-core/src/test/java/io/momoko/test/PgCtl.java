package io.momoko.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded bundle's {@code pg_ctl}, run on a data directory. PostgreSQL refuses to run as root (as CI machines
 * do), so there it runs in a user namespace of its own, as the embedded server itself does ({@code unshare -U}).
 *
 * @param binary the pg_ctl executable
 */
record PgCtl(Path binary) {

    /**
     * Finds the pg_ctl beside a running server's binary. The binaries are extracted once per JVM, so when another
     * embedded server (the suite's shared one) started first they are not under this server's own working
     * directory.
     *
     * @param data the running server's data directory
     * @param work where else to look
     * @return the pg_ctl
     */
    static PgCtl besideServer(Path data, Path work) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            Path beside = ProcessHandle.of(postmaster).flatMap(process -> process.info().command())
                    .map(command -> Path.of(command).resolveSibling("pg_ctl")).orElse(null);
            if (beside != null && Files.isExecutable(beside)) {
                return new PgCtl(beside);
            }
            try (Stream<Path> files = Files.walk(work)) {
                return new PgCtl(files.filter(path -> path.getFileName().toString().equals("pg_ctl")).findFirst()
                        .orElseThrow(() -> new IOException("no pg_ctl beside the server (pid " + postmaster
                                + ") nor under " + work)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code pg_ctl -D data <arguments>} and waits for it.
     *
     * @param data the data directory
     * @param log where pg_ctl's own output goes (and, for {@code start}, the server's)
     * @param arguments the rest of the command line
     */
    void run(Path data, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-D", data.toString()));
        command.addAll(List.of(arguments));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(0, List.of("unshare", "-U"));
        }
        try {
            Path output = log.resolveSibling(log.getFileName() + ".pg_ctl");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", arguments) + " failed: " + Files.readString(output)
                        + (Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
