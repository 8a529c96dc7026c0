package io.momoko.internal;

import io.momoko.ProgrammingException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final int CACHE_LIMIT = 2048;
    private static final Map<String, SqlTemplate> CACHE = new ConcurrentHashMap<>();

    private final String sql;
    private final Style style;
    /** Text between placeholders, {@code %%} already reduced to {@code %} in the percent styles. */
    private final List<String> fragments;
    /** For each placeholder, the 0-based parameter it refers to. */
    private final int[] references;
    private final int[] positions;
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

    private SqlTemplate(String sql, Style style, List<String> fragments, int[] references, int[] positions,
                        List<String> names, int parameterCount, ProgrammingException error) {
        this.sql = sql;
        this.style = style;
        this.fragments = fragments;
        this.references = references;
        this.positions = positions;
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
        SqlTemplate cached = CACHE.get(sql);
        if (cached != null) {
            return cached;
        }
        SqlTemplate template = new Parser(sql).parse();
        if (CACHE.size() >= CACHE_LIMIT) {
            // Statements built by concatenation would grow the cache without bound; start again instead.
            CACHE.clear();
        }
        CACHE.put(sql, template);
        return template;
    }

    /**
     * Returns the statement as given.
     *
     * @return the SQL text
     */
    public String sql() {
        return sql;
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
     * Returns the number of placeholders in the text (a repeated name counts each time).
     *
     * @return the count
     */
    public int placeholderCount() {
        return references.length;
    }

    /**
     * Returns where a placeholder starts in the SQL text.
     *
     * @param placeholder the placeholder's ordinal
     * @return the 0-based index
     */
    public int position(int placeholder) {
        return positions[placeholder];
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

    private static final class Parser {
        private final String sql;
        private final int length;
        private final StringBuilder fragment = new StringBuilder();
        private final List<String> fragments = new ArrayList<>();
        private final List<Integer> references = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();
        private final Map<String, Integer> named = new LinkedHashMap<>();
        private int positional;
        private int highestNumbered;
        private int firstPercent = -1;
        private int firstNumbered = -1;
        private ProgrammingException percentError;
        /** Raw text of the current fragment, {@code %%} kept, for when the statement turns out numbered. */
        private final StringBuilder raw = new StringBuilder();
        private final List<String> rawFragments = new ArrayList<>();
        private int i;

        Parser(String sql) {
            this.sql = sql;
            this.length = sql.length();
        }

        SqlTemplate parse() {
            while (i < length) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    quoted('\'', false);
                } else if (c == '"') {
                    quoted('"', false);
                } else if (c == '-' && peek(1) == '-') {
                    lineComment();
                } else if (c == '/' && peek(1) == '*') {
                    blockComment();
                } else if (c == '$') {
                    dollar();
                } else if (c == '%') {
                    percent(false);
                } else if (Character.isLetter(c) || c == '_') {
                    identifier();
                } else {
                    text(c);
                    i++;
                }
            }
            if (firstPercent >= 0 && firstNumbered >= 0) {
                throw new ProgrammingException("Statement mixes %-style and $n placeholders (first at index "
                        + Math.min(firstPercent, firstNumbered) + "); use one style", firstNumbered);
            }
            if (firstNumbered >= 0) {
                return numbered();
            }
            fragments.add(fragment.toString());
            Style style = !named.isEmpty() ? Style.NAMED : positional > 0 ? Style.POSITIONAL : Style.NONE;
            return new SqlTemplate(sql, style, Collections.unmodifiableList(fragments), toArray(references),
                    toArray(positions), List.copyOf(named.keySet()), style == Style.NAMED ? named.size() : positional,
                    percentError);
        }

        private SqlTemplate numbered() {
            rawFragments.add(raw.toString());
            return new SqlTemplate(sql, Style.NUMBERED, Collections.unmodifiableList(rawFragments),
                    toArray(references), toArray(positions), List.of(), highestNumbered, null);
        }

        private char peek(int ahead) {
            int at = i + ahead;
            return at < length ? sql.charAt(at) : '\0';
        }

        private void text(char c) {
            fragment.append(c);
            raw.append(c);
        }

        private void identifier() {
            int start = i;
            while (i < length) {
                char c = sql.charAt(i);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                    i++;
                } else {
                    break;
                }
            }
            String word = sql.substring(start, i);
            fragment.append(word);
            raw.append(word);
            if (i < length && sql.charAt(i) == '\'' && word.equalsIgnoreCase("e")) {
                quoted('\'', true);
            }
        }

        private void quoted(char quote, boolean backslashEscapes) {
            text(quote);
            i++;
            while (i < length) {
                char c = sql.charAt(i);
                if (backslashEscapes && c == '\\' && i + 1 < length) {
                    text(c);
                    text(sql.charAt(i + 1));
                    i += 2;
                } else if (c == quote) {
                    text(c);
                    i++;
                    if (peek(0) == quote) {
                        text(quote);
                        i++;
                    } else {
                        return;
                    }
                } else if (c == '%') {
                    percent(true);
                } else {
                    text(c);
                    i++;
                }
            }
        }

        private void lineComment() {
            while (i < length && sql.charAt(i) != '\n') {
                char c = sql.charAt(i);
                if (c == '%') {
                    percent(true);
                } else {
                    text(c);
                    i++;
                }
            }
        }

        private void blockComment() {
            int depth = 0;
            while (i < length) {
                char c = sql.charAt(i);
                if (c == '/' && peek(1) == '*') {
                    depth++;
                    text('/');
                    text('*');
                    i += 2;
                } else if (c == '*' && peek(1) == '/') {
                    depth--;
                    text('*');
                    text('/');
                    i += 2;
                    if (depth == 0) {
                        return;
                    }
                } else if (c == '%') {
                    percent(true);
                } else {
                    text(c);
                    i++;
                }
            }
        }

        private void dollar() {
            int start = i;
            if (Character.isDigit(peek(1))) {
                int end = i + 1;
                while (end < length && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                int number;
                try {
                    number = Integer.parseInt(sql.substring(i + 1, end));
                } catch (NumberFormatException e) {
                    throw new ProgrammingException("Parameter number out of range at index " + i, i);
                }
                if (number == 0) {
                    throw new ProgrammingException("Parameter $0 at index " + i + ": numbering starts at $1", i);
                }
                if (firstNumbered < 0) {
                    firstNumbered = start;
                }
                highestNumbered = Math.max(highestNumbered, number);
                rawFragments.add(raw.toString());
                raw.setLength(0);
                references.add(number - 1);
                positions.add(start);
                fragment.append(sql, i, end);
                i = end;
                return;
            }
            int end = i + 1;
            while (end < length && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                end++;
            }
            if (end < length && sql.charAt(end) == '$') {
                String tag = sql.substring(i, end + 1);
                int close = sql.indexOf(tag, end + 1);
                int stop = close < 0 ? length : close + tag.length();
                String body = sql.substring(i, stop);
                fragment.append(body);
                raw.append(body);
                i = stop;
                return;
            }
            text('$');
            i++;
        }

        /** Reads a {@code %} sequence; {@code literal} tells whether it sits inside a string or comment. */
        private void percent(boolean literal) {
            int start = i;
            char next = peek(1);
            if (next == '%') {
                fragment.append('%');
                raw.append("%%");
                i += 2;
                return;
            }
            raw.append('%');
            if (next == 's' || next == '(') {
                String name = null;
                int end;
                if (next == '(') {
                    int close = sql.indexOf(')', i + 2);
                    if (close < 0) {
                        recordError("Malformed named placeholder at index " + start + ": '%(' without a closing ')s'",
                                start);
                        fragment.append('%');
                        i++;
                        return;
                    }
                    if (close + 1 >= length || sql.charAt(close + 1) != 's') {
                        recordError("Malformed named placeholder at index " + start + ": expected 's' after ')'",
                                start);
                        fragment.append('%');
                        i++;
                        return;
                    }
                    name = sql.substring(i + 2, close);
                    end = close + 2;
                } else {
                    end = i + 2;
                }
                raw.append(sql, i + 1, end);
                if (literal) {
                    recordError("Placeholder at index " + start + " is inside a quoted string or comment, where it "
                            + "cannot be bound; write it unquoted (or %% for a literal %)", start);
                    fragment.append(sql, i, end);
                    i = end;
                    return;
                }
                if (firstPercent < 0) {
                    firstPercent = start;
                }
                if (name == null) {
                    if (!named.isEmpty()) {
                        recordError("Statement mixes named and positional placeholders at index " + start, start);
                    }
                    references.add(positional++);
                } else {
                    if (positional > 0) {
                        recordError("Statement mixes named and positional placeholders at index " + start, start);
                    }
                    Integer index = named.get(name);
                    if (index == null) {
                        index = named.size();
                        named.put(name, index);
                    }
                    references.add(index);
                }
                positions.add(start);
                fragments.add(fragment.toString());
                fragment.setLength(0);
                i = end;
                return;
            }
            recordError(next == '\0'
                    ? "Incomplete placeholder at index " + start + ": a lone '%' ends the statement (write %% for a literal %)"
                    : "Unsupported placeholder '%" + next + "' at index " + start
                            + " (use %s, %(name)s, or %% for a literal %)", start);
            fragment.append('%');
            i++;
        }

        private void recordError(String message, int position) {
            if (percentError == null) {
                percentError = new ProgrammingException(message, position);
            }
        }

        private static int[] toArray(List<Integer> values) {
            int[] array = new int[values.size()];
            for (int k = 0; k < array.length; k++) {
                array[k] = values.get(k);
            }
            return array;
        }
    }
}
