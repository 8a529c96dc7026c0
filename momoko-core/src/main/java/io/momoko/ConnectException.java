package io.momoko;

/**
 * A connection to the server could not be opened: the host refused or did not answer, TLS failed, or the
 * server rejected the login. The message names the user, host, port and database, never the password.
 */
public class ConnectException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which server could not be reached and why
     * @param cause the underlying failure, may be {@code null}
     */
    public ConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
