package io.momoko;

/**
 * The caller's statement or parameters are wrong: a malformed placeholder, a wrong number of parameters,
 * named and positional placeholders mixed, or a value Momoko cannot send. It is raised before anything is
 * written to the network, so nothing ran.
 */
public class ProgrammingException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /** The 0-based index in the SQL text, or -1. */
    private final int position;

    /**
     * Creates an exception that is not tied to a place in the statement.
     *
     * @param message what is wrong and how to fix it
     */
    public ProgrammingException(String message) {
        this(message, -1);
    }

    /**
     * Creates an exception that points at a place in the statement.
     *
     * @param message what is wrong and how to fix it
     * @param position the 0-based index in the SQL text, or {@code -1}
     */
    public ProgrammingException(String message, int position) {
        super(message);
        this.position = position;
    }

    /**
     * Returns the 0-based index in the SQL text where the problem is.
     *
     * @return the index, or {@code -1} when the problem is not in the text (a parameter count, a value)
     */
    public int position() {
        return position;
    }
}
