package io.momoko;

/**
 * A setting is invalid: an unparsable DSN, an unknown DSN option, a port out of range, a negative size
 * or duration. The message names the setting and the rejected value (a password is never echoed).
 */
public class ConfigurationException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which setting, which value, and what is allowed
     */
    public ConfigurationException(String message) {
        super(message);
    }
}
