package io.momoko.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Statements PostgreSQL will not take bind parameters in ({@code FETCH %s FROM c}, {@code SET x = %s},
 * {@code NOTIFY ch, %s}, ...): psycopg2 interpolates every statement on the client, so Momoko code passes
 * parameters to them; here their values are written into the SQL by the same literal writer as mogrify
 * (quoted, typed, injection-safe) and the statement is sent as a simple query.
 */
final class UtilityStatements {

    private static final Set<String> NO_BIND_PARAMETERS = Set.of("FETCH", "MOVE", "DECLARE", "CLOSE", "SET", "SHOW",
            "RESET", "LISTEN", "UNLISTEN", "NOTIFY", "COPY", "DEALLOCATE");

    private UtilityStatements() {
    }

    /** Whether the statement's first keyword (after whitespace and comments) takes no bind parameters. */
    static boolean bindClientSide(String sql) {
        return NO_BIND_PARAMETERS.contains(firstKeyword(sql));
    }

    /** The statement's first keyword in upper case, after whitespace, comments and opening parentheses. */
    static String firstKeyword(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < length && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }
}
