package io.momoko;

/**
 * The connection was closed, by {@link Connection#close()}, by the server or by the network, before or
 * while a statement ran. Whether the statement reached the server is unknown unless
 * {@link #wasSent()} says it was not.
 */
public class ConnectionClosedException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /** Whether the statement may have reached the server. */
    private final boolean sent;

    /**
     * Creates an exception.
     *
     * @param message what was closed and what was being done
     * @param sent {@code false} when the statement certainly never reached the socket
     * @param cause the driver exception, may be {@code null}
     */
    public ConnectionClosedException(String message, boolean sent, Throwable cause) {
        super(message, cause);
        this.sent = sent;
    }

    /**
     * Tells whether the statement may have reached the server. A statement that was never sent is safe to
     * run again elsewhere; one that may have been sent is not, because it may have taken effect.
     *
     * @return {@code false} only when the statement certainly was not written to the connection
     */
    public boolean wasSent() {
        return sent;
    }
}
