package io.momoko.autoconfigure.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SQL script into statements at a separator, the way PostgreSQL reads it: a separator inside a
 * string ({@code '...'}, {@code "..."}), a dollar-quoted body ({@code $$ ... $$}, {@code $fn$ ... $fn$}) or a
 * comment ({@code --}, nested {@code /* *}{@code /}) does not end a statement, so function bodies survive.
 * Statements holding nothing but comments are dropped (PostgreSQL answers them with an empty response).
 */
final class ScriptStatements {

    /** One statement and the line of the script it starts on, for error messages. */
    record Statement(String sql, int line) {
    }

    private ScriptStatements() {
    }

    static List<Statement> split(String script, String separator) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        int line = 1;
        int startLine = 1;
        boolean hasCode = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (script.startsWith(separator, i)) {
                add(statements, script.substring(start, i), hasCode, startLine);
                i += separator.length();
                line += count(separator, '\n');
                start = i;
                startLine = line;
                hasCode = false;
                continue;
            }
            int end;
            if (c == '-' && script.startsWith("--", i)) {
                end = script.indexOf('\n', i);
                end = end < 0 ? script.length() : end;
            } else if (c == '/' && script.startsWith("/*", i)) {
                end = blockCommentEnd(script, i);
            } else {
                if (!Character.isWhitespace(c)) {
                    hasCode = true;
                }
                if (c == '\'' || c == '"') {
                    end = quoteEnd(script, i, c);
                } else if (c == '$') {
                    end = dollarQuoteEnd(script, i);
                } else {
                    end = i + 1;
                }
            }
            line += count(script.substring(i, end), '\n');
            i = end;
        }
        add(statements, script.substring(start), hasCode, startLine);
        return statements;
    }

    private static void add(List<Statement> statements, String sql, boolean hasCode, int line) {
        if (hasCode) {
            // Report the line of the statement's first character, not of the blank lines before it.
            int leading = 0;
            while (leading < sql.length() && Character.isWhitespace(sql.charAt(leading))) {
                leading++;
            }
            statements.add(new Statement(sql.strip(), line + count(sql.substring(0, leading), '\n')));
        }
    }

    /** A doubled quote is an escaped quote, so it simply starts the next quoted run. */
    private static int quoteEnd(String script, int open, char quote) {
        int close = script.indexOf(quote, open + 1);
        return close < 0 ? script.length() : close + 1;
    }

    private static int blockCommentEnd(String script, int open) {
        int depth = 0;
        int i = open;
        while (i < script.length()) {
            if (script.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (script.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return script.length();
    }

    /** {@code $tag$ ... $tag$}; a {@code $} that opens no tag ({@code $1}) is an ordinary character. */
    private static int dollarQuoteEnd(String script, int open) {
        int tagEnd = open + 1;
        while (tagEnd < script.length() && isTagCharacter(script.charAt(tagEnd), tagEnd == open + 1)) {
            tagEnd++;
        }
        if (tagEnd >= script.length() || script.charAt(tagEnd) != '$') {
            return open + 1;
        }
        String tag = script.substring(open, tagEnd + 1);
        int close = script.indexOf(tag, tagEnd + 1);
        return close < 0 ? script.length() : close + tag.length();
    }

    private static boolean isTagCharacter(char c, boolean first) {
        return Character.isLetter(c) || c == '_' || (!first && Character.isDigit(c));
    }

    private static int count(String text, char wanted) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == wanted) {
                count++;
            }
        }
        return count;
    }
}
