package io.momoko;

/**
 * The root of every exception Momoko raises. Unchecked, like Spring's {@code DataAccessException}: callers
 * catch the subtype they can handle and let the rest travel.
 */
public class MomokoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and no cause.
     *
     * @param message what went wrong, naming the object and its state
     */
    public MomokoException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause that led to it.
     *
     * @param message what went wrong, naming the object and its state
     * @param cause the underlying failure, may be {@code null}
     */
    public MomokoException(String message, Throwable cause) {
        super(message, cause);
    }
}
