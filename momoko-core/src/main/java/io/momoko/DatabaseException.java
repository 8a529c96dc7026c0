package io.momoko;

/**
 * An error reported by the PostgreSQL server. It carries the fields of the server's ErrorResponse so that
 * callers can branch on the {@linkplain #sqlState() SQLSTATE} (for example {@code 23505} for a unique
 * violation) rather than on message text.
 */
public class DatabaseException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE code. */
    private final String sqlState;
    /** The severity the server reported. */
    private final String severity;
    /** The server's primary message. */
    private final String serverMessage;
    /** The server's detail message, or null. */
    private final String detail;
    /** The server's hint, or null. */
    private final String hint;
    /** The 1-based error position in the statement, or null. */
    private final Integer position;

    /**
     * Creates an exception from the fields of a server error.
     *
     * @param sqlState the five-character SQLSTATE code
     * @param severity the severity, such as {@code ERROR} or {@code FATAL}
     * @param serverMessage the primary message from the server
     * @param detail the optional detail message, may be {@code null}
     * @param hint the optional hint, may be {@code null}
     * @param position the 1-based character position of the error in the statement, may be {@code null}
     * @param cause the driver exception, may be {@code null}
     */
    public DatabaseException(String sqlState, String severity, String serverMessage, String detail, String hint,
                             Integer position, Throwable cause) {
        super(describe(sqlState, severity, serverMessage, detail, hint, position), cause);
        this.sqlState = sqlState;
        this.severity = severity;
        this.serverMessage = serverMessage;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
    }

    private static String describe(String sqlState, String severity, String message, String detail, String hint,
                                   Integer position) {
        StringBuilder text = new StringBuilder();
        text.append(severity == null ? "ERROR" : severity).append(": ").append(message)
                .append(" (SQLSTATE ").append(sqlState).append(')');
        if (position != null) {
            text.append(" at character ").append(position);
        }
        if (detail != null) {
            text.append("; detail: ").append(detail);
        }
        if (hint != null) {
            text.append("; hint: ").append(hint);
        }
        return text.toString();
    }

    /**
     * Returns the SQLSTATE code, for example {@code 42P01} for an undefined table.
     *
     * @return the five-character SQLSTATE
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Returns the severity the server reported.
     *
     * @return {@code ERROR}, {@code FATAL} or {@code PANIC} (or a localized equivalent)
     */
    public String severity() {
        return severity;
    }

    /**
     * Returns the server's primary message, without the decoration of {@link #getMessage()}.
     *
     * @return the primary message
     */
    public String serverMessage() {
        return serverMessage;
    }

    /**
     * Returns the server's detail message.
     *
     * @return the detail, or {@code null} when the server sent none
     */
    public String detail() {
        return detail;
    }

    /**
     * Returns the server's hint.
     *
     * @return the hint, or {@code null} when the server sent none
     */
    public String hint() {
        return hint;
    }

    /**
     * Returns the 1-based character position in the statement where the server found the error.
     *
     * @return the position, or {@code null} when the server sent none
     */
    public Integer position() {
        return position;
    }

    /**
     * Tells whether this error means the connection that ran the statement is gone: SQLSTATE class 08
     * (connection exception) or an administrator shutdown/crash ({@code 57P01}, {@code 57P02}, {@code 57P03}).
     *
     * @return {@code true} when the connection can no longer be used
     */
    public boolean isConnectionFatal() {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03"));
    }
}
