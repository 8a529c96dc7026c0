package io.momoko.internal.sql;

import io.momoko.ProgrammingException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits SQL at its placeholders for {@link SqlTemplate}, following PostgreSQL's lexical structure (quoted
 * strings, {@code E''} strings, dollar quoting, quoted identifiers, both comment forms) so that a {@code $1}
 * or {@code %s} inside a literal is never taken for a parameter. One instance per parse.
 */
final class SqlTemplateParser {
    private final String sql;
    private final int length;
    private final StringBuilder fragment = new StringBuilder();
    private final List<String> fragments = new ArrayList<>();
    private final List<Integer> references = new ArrayList<>();
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

    SqlTemplateParser(String sql) {
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
        SqlTemplate.Style style = !named.isEmpty() ? SqlTemplate.Style.NAMED : positional > 0 ? SqlTemplate.Style.POSITIONAL : SqlTemplate.Style.NONE;
        return new SqlTemplate(sql, style, Collections.unmodifiableList(fragments), toArray(references),
                List.copyOf(named.keySet()), style == SqlTemplate.Style.NAMED ? named.size() : positional,
                percentError);
    }

    private SqlTemplate numbered() {
        rawFragments.add(raw.toString());
        return new SqlTemplate(sql, SqlTemplate.Style.NUMBERED, Collections.unmodifiableList(rawFragments),
                toArray(references), List.of(), highestNumbered, null);
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
            } else {
                literal(c);
            }
        }
    }

    /** A character inside a literal or comment: copied, except that {@code %%} still collapses, as in psycopg2. */
    private void literal(char c) {
        if (c == '%') {
            percent(true);
        } else {
            text(c);
            i++;
        }
    }

    private void lineComment() {
        while (i < length && sql.charAt(i) != '\n') {
            literal(sql.charAt(i));
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
            } else {
                literal(c);
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
            fragment.append(sql, i, end);
            i = end;
            return;
        }
        int end = i + 1;
        while (end < length && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < length && sql.charAt(end) == '$') {
            // A dollar-quoted body follows the rule of a quoted string: %% is a literal %, a placeholder is an
            // error (psycopg2, which Momoko's SQL was written for, reads % the same way everywhere).
            String tag = sql.substring(i, end + 1);
            int close = sql.indexOf(tag, end + 1);
            int stop = close < 0 ? length : close;
            fragment.append(tag);
            raw.append(tag);
            i = end + 1;
            while (i < stop) {
                literal(sql.charAt(i));
            }
            if (close >= 0) {
                fragment.append(tag);
                raw.append(tag);
                i = Math.max(i, close) + tag.length();
            }
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
                recordError("Placeholder at index " + start + " is inside a quoted string, dollar-quoted body or "
                        + "comment, where it cannot be bound; write it unquoted (or %% for a literal %)", start);
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
