package io.momoko;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A statement and its parameters, for {@link SqlOperations#transaction(List)} and
 * {@link SqlOperations#execute(Statement)}. Its {@link #toString()} shows the SQL, never the parameters,
 * which may be secrets.
 */
public final class Statement {

    private final String sql;
    private final List<Object> positional;
    private final Map<String, Object> named;
    private final Duration timeout;

    private Statement(String sql, List<Object> positional, Map<String, Object> named, Duration timeout) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.positional = positional;
        this.named = named;
        this.timeout = timeout;
    }

    /**
     * Creates a statement with positional parameters ({@code %s} or {@code $1}), or none.
     *
     * @param sql the statement
     * @param params the values; none means the SQL runs exactly as written
     * @return the statement
     */
    public static Statement of(String sql, Object... params) {
        return new Statement(sql, params.length == 0 ? null : Collections.unmodifiableList(Arrays.asList(params.clone())),
                null, null);
    }

    /**
     * Creates a statement with named parameters ({@code %(name)s}).
     *
     * @param sql the statement
     * @param params the values by name
     * @return the statement
     */
    public static Statement of(String sql, Map<String, ?> params) {
        return new Statement(sql, null, Collections.unmodifiableMap(new LinkedHashMap<>(params)), null);
    }

    /**
     * Returns the SQL text.
     *
     * @return the SQL as given
     */
    public String sql() {
        return sql;
    }

    /**
     * Returns the positional parameters.
     *
     * @return the values, or {@code null} when the statement has none or uses named parameters
     */
    public List<Object> positionalParams() {
        return positional;
    }

    /**
     * Returns the named parameters.
     *
     * @return the values by name, or {@code null} when the statement uses positional parameters or none
     */
    public Map<String, Object> namedParams() {
        return named;
    }

    /**
     * Returns a copy of this statement with its own query timeout, overriding the pool's.
     *
     * @param timeout a positive duration, or {@code null} to use the pool's
     * @return the new statement
     * @throws ConfigurationException when the timeout is zero or negative
     */
    public Statement withTimeout(Duration timeout) {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new ConfigurationException("Statement timeout must be positive, was " + timeout);
        }
        return new Statement(sql, positional, named, timeout);
    }

    /**
     * Returns this statement's own query timeout.
     *
     * @return the timeout, or {@code null} when the pool's (or none) applies
     */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "Statement[" + sql + "]";
    }
}
