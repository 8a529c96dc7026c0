package io.momoko;

/**
 * No live connection can be had: every connection is dead and none may be retried yet ({@code
 * reconnectInterval}), or the last live one died while requests waited. Momoko's {@code
 * DatabaseNotAvailable}.
 */
public class DatabaseNotAvailableException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public DatabaseNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
