package io.momoko;

/**
 * The request was rejected at once because {@code maxWaiting} requests were already waiting for a
 * connection.
 */
public class PoolOverloadedException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public PoolOverloadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
