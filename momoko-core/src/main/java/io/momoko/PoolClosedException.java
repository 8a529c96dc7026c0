package io.momoko;

/**
 * The pool was closed: it takes no new work, and requests still waiting for a connection when it closed
 * fail with this.
 */
public class PoolClosedException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public PoolClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
