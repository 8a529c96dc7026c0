package io.momoko;

/**
 * No connection became available within the pool's {@code acquireTimeout}. The message names the pool and
 * its numbers at that moment, so the cause can be read from it alone.
 */
public class AcquireTimeoutException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public AcquireTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
