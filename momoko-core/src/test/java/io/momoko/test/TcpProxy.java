package io.momoko.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between a pool and the server, for cutting connections in tests (Momoko's suite used
 * tcproxy the same way). Listens on a free loopback port.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: forward both ways;</li>
 *   <li>{@link Mode#REFUSE}: accept new connections and close them at once (a server that is down);</li>
 *   <li>{@link Mode#STALL}: accept new connections and never answer (a black hole);</li>
 *   <li>{@link #dropAll()}: close every open connection (a network cut or server restart);</li>
 *   <li>{@link #latency(java.time.Duration)}: delay what is forwarded (a slow network).</li>
 *   <li>{@link #silence(boolean)}: connections already open stop forwarding, while their sockets stay open and
 *   every byte sent is acknowledged (a server that hangs, or a middlebox that swallows traffic); what was held
 *   back is forwarded when the silence ends.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    /** What happens to new connections. */
    public enum Mode {
        /** Forward to the server. */
        PASS,
        /** Close at once. */
        REFUSE,
        /** Hold open, never answer. */
        STALL
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMillis;
    private final Object silenceLock = new Object();
    private boolean silent;
    private volatile boolean running = true;

    /**
     * Starts a proxy to a server.
     *
     * @param targetHost the server's host
     * @param targetPort the server's port
     */
    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Returns the port to connect to instead of the server's.
     *
     * @return the proxy's port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Sets what happens to new connections from now on.
     *
     * @param mode the mode
     */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /**
     * Delays every chunk forwarded from now on, in both directions.
     *
     * @param latency the delay per chunk; zero for none
     */
    public void latency(java.time.Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    /**
     * Silences the connections already open (both directions), or ends the silence.
     *
     * @param silent {@code true} to hold every byte back, {@code false} to forward again
     */
    public void silence(boolean silent) {
        synchronized (silenceLock) {
            this.silent = silent;
            silenceLock.notifyAll();
        }
    }

    private void awaitSpeech() throws InterruptedException {
        synchronized (silenceLock) {
            while (silent) {
                silenceLock.wait();
            }
        }
    }

    /**
     * Returns how many connections the proxy has accepted, in any mode.
     *
     * @return the count
     */
    public int accepted() {
        return accepted.get();
    }

    /** Closes every open connection, both sides. */
    public void dropAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (running) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Mode current = mode;
            if (current == Mode.REFUSE) {
                closeQuietly(client);
                continue;
            }
            if (current == Mode.STALL) {
                sockets.add(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long delay = latencyMillis;
                    if (delay > 0) {
                        // Simulated network latency on a proxy thread, not test synchronisation.
                        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(delay);
                    }
                    awaitSpeech();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SocketException ignored) {
                // closed by dropAll or by the peer
            } catch (IOException ignored) {
                // same: the connection is over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        running = false;
        silence(false);
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        dropAll();
    }
}
