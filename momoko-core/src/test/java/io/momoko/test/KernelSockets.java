package io.momoko.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the Linux kernel says about a TCP socket, read from {@code /proc/net/tcp} and {@code tcp6}: seen from
 * outside the JVM, so a test proves the socket really has an option rather than that the library asked for it.
 */
public final class KernelSockets {

    /** {@code tr} column value when the socket's keepalive timer ({@code sk_timer}) is armed. */
    private static final String KEEPALIVE_TIMER = "02";

    /** The kernel reports timers in clock ticks ({@code USER_HZ}), 100 per second on Linux. */
    private static final long TICKS_PER_SECOND = 100;

    private KernelSockets() {
    }

    /**
     * Tells whether this is a machine where the kernel's socket table can be read.
     *
     * @return {@code true} on Linux
     */
    public static boolean readable() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /**
     * Returns how long until the keepalive timer of the established socket with this local port fires.
     *
     * @param localPort the socket's local port (for a client socket: the server's {@code client_port})
     * @return the seconds left, or empty when no such socket exists or it has no keepalive timer armed
     */
    public static OptionalLong keepaliveSecondsLeft(int localPort) {
        String port = String.format(":%04X", localPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(table)) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when ...; state 01 is ESTABLISHED.
                if (fields.length > 5 && fields[1].endsWith(port) && fields[3].equals("01")) {
                    String[] timer = fields[5].split(":");
                    return timer[0].equals(KEEPALIVE_TIMER)
                            ? OptionalLong.of(Long.parseLong(timer[1], 16) / TICKS_PER_SECOND) : OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static List<String> lines(String table) {
        try {
            Path path = Path.of(table);
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
