package io.momoko;

/**
 * A parameter's Java type has no PostgreSQL mapping, or a column cannot be read as the requested type.
 */
public class UnsupportedTypeException extends ProgrammingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which type, where, and which types are supported
     */
    public UnsupportedTypeException(String message) {
        super(message);
    }
}
