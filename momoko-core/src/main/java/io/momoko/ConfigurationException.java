package io.momoko;

/**
 * A setting is invalid: an unparsable DSN, an unknown DSN option, a port out of range, a negative size
 * or duration. The message names the setting and the rejected value (a password is never echoed).
 */
public class ConfigurationException extends MomokoException {

    private static final long serialVersionUID = 1L;

    /** The setting at fault, or null. */
    private final String setting;

    /**
     * Creates an exception.
     *
     * @param message which setting, which value, and what is allowed
     */
    public ConfigurationException(String message) {
        this(null, message);
    }

    /**
     * Creates an exception about one setting.
     *
     * @param setting the setting's name as the builder spells it, for example {@code maxSize}
     * @param message which value, and what is allowed
     */
    public ConfigurationException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /**
     * Returns the setting at fault, so that a framework can report it under its own name for it
     * ({@code momoko.pool.max-size}).
     *
     * @return the builder's name of the setting, or {@code null} when the error is not about one setting
     */
    public String setting() {
        return setting;
    }
}
