package io.momoko;

/**
 * {@code Pool.connect()} with {@code raiseConnectErrors} found that some of the {@code size} connections
 * failed to open. The pool is connected with the rest and stays usable; the cause is the first failure.
 */
public class PartiallyConnectedException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the pool and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public PartiallyConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
