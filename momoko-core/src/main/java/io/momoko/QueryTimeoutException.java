package io.momoko;

/**
 * A statement ran longer than its query timeout. A cancel request was sent to the server, which ends the
 * statement; the connection stays usable.
 */
public class QueryTimeoutException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public QueryTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
