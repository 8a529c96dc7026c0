package io.momoko.internal.sql;

import io.momoko.ProgrammingException;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A statement split at its placeholders. Parsing understands PostgreSQL's lexical structure (quoted
 * strings, {@code E''} strings, dollar quoting, quoted identifiers, both comment forms) so that a {@code $1}
 * or {@code %s} inside a literal is never taken for a parameter.
 *
 * <p>Errors in {@code %} placeholders are recorded, not thrown, because a statement run without parameters
 * keeps every {@code %} as written; they are raised only when the statement is bound.
 *
 * <p>Immutable and cached by SQL text: parsing happens once per distinct statement.
 */
public final class SqlTemplate {

    /** How a statement refers to its parameters. */
    public enum Style {
        /** No placeholder at all. */
        NONE,
        /** {@code %s}. */
        POSITIONAL,
        /** {@code %(name)s}. */
        NAMED,
        /** {@code $1 .. $n}. */
        NUMBERED
    }

    private static final SqlCache<SqlTemplate> CACHE = new SqlCache<>(sql -> {
        SendableText.require(sql, "the statement");
        return new SqlTemplateParser(sql).parse();
    });

    private final String sql;
    private final Style style;
    /** Text between placeholders, {@code %%} already reduced to {@code %} in the percent styles. */
    private final List<String> fragments;
    /** For each placeholder, the 0-based parameter it refers to. */
    private final int[] references;
    private final List<String> names;
    private final int parameterCount;
    /** A malformed {@code %} placeholder, raised when the statement is bound, not when it runs unbound. */
    private final ProgrammingException error;
    /** How errors name each parameter, built once rather than on every bind. */
    private final String[] parameterDescriptions;
    /**
     * The last SQL rendered with casts, and the casts it was rendered with. A statement is nearly always bound
     * with values of the same types, so rendering (a new String per bind) is skipped when the casts repeat.
     * Replaced whole, never mutated: a racing reader sees one consistent pair.
     */
    private volatile Rendering lastRendering;

    private record Rendering(String[] casts, String sql) {
    }

    SqlTemplate(String sql, Style style, List<String> fragments, int[] references,
                 List<String> names, int parameterCount, ProgrammingException error) {
        this.sql = sql;
        this.style = style;
        this.fragments = fragments;
        this.references = references;
        this.names = names;
        this.parameterCount = parameterCount;
        this.error = error;
        this.parameterDescriptions = new String[parameterCount];
        for (int k = 0; k < parameterCount; k++) {
            parameterDescriptions[k] = "parameter " + describe(k);
        }
    }

    private String describe(int index) {
        switch (style) {
            case NAMED:
                return "'" + names.get(index) + "'";
            case NUMBERED:
                return "$" + (index + 1);
            default:
                return "#" + (index + 1);
        }
    }

    /**
     * Names a parameter for error messages.
     *
     * @param index 0-based parameter index
     * @return e.g. {@code parameter 'id'}, {@code parameter $2}, {@code parameter #1}
     */
    public String parameterDescription(int index) {
        return parameterDescriptions[index];
    }

    /**
     * Renders the statement with {@code $n} placeholders, each followed by its cast.
     *
     * @param casts for each parameter, the text after its placeholder ({@code ::int4}, or empty); {@code null}
     *              for none. Not modified or kept by reference: a copy is remembered.
     * @return the SQL text to send
     */
    public String renderWithCasts(String[] casts) {
        Rendering last = lastRendering;
        if (last != null && java.util.Arrays.equals(last.casts, casts)) {
            return last.sql;
        }
        String rendered = render(k -> "$" + (k + 1) + (casts[k] == null ? "" : casts[k]));
        lastRendering = new Rendering(casts.clone(), rendered);
        return rendered;
    }

    /**
     * Raises the first placeholder error found while parsing, if any. Call before binding.
     *
     * @throws ProgrammingException naming the placeholder's position
     */
    public void requireValid() {
        if (error != null) {
            throw new ProgrammingException(error.getMessage(), error.position());
        }
    }

    /**
     * Parses a statement that will be bound to parameters.
     *
     * @param sql the statement
     * @return the template
     * @throws ProgrammingException for a malformed placeholder, one inside a literal or comment, or mixed styles
     */
    public static SqlTemplate parse(String sql) {
        return CACHE.get(sql);
    }

    /**
     * Returns the placeholder style.
     *
     * @return the style
     */
    public Style style() {
        return style;
    }

    /**
     * Returns the number of distinct parameters the statement needs.
     *
     * @return the count
     */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * Returns the names of a {@link Style#NAMED} statement's parameters in order of first use.
     *
     * @return the names; empty for other styles
     */
    public List<String> names() {
        return names;
    }

    /**
     * Rebuilds the statement with each placeholder replaced.
     *
     * @param replacement given a parameter's 0-based index, the text to put in its place
     * @return the new SQL text
     */
    public String render(IntFunction<String> replacement) {
        StringBuilder out = new StringBuilder(sql.length() + 8 * references.length);
        for (int i = 0; i < references.length; i++) {
            out.append(fragments.get(i)).append(replacement.apply(references[i]));
        }
        return out.append(fragments.get(references.length)).toString();
    }
}
