package io.momoko.internal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a statement leaves behind on its session, read from its text: a transaction opened or closed, state
 * that outlives the statement ({@code SET} without {@code LOCAL}, {@code RESET}, {@code LISTEN}, temporary
 * tables, cursors {@code WITH HOLD}, session advisory locks, {@code SET ROLE}/{@code SESSION AUTHORIZATION},
 * {@code SET SESSION CHARACTERISTICS}, {@code set_config}), or state no reset can undo without breaking the
 * driver's own prepared statements ({@code PREPARE}, {@code LOAD}), after which the connection is retired.
 *
 * <p>The scan skips quoted strings, quoted identifiers, comments and dollar-quoted bodies, so a
 * {@code 'BEGIN'} literal or a function body is not mistaken for a command. It errs towards "dirty": a
 * needless reset costs one round trip, a missed one hands another caller a changed session.
 *
 * <p>Immutable and cached by SQL text, like {@link SqlTemplate}.
 */
public final class SessionEffects {

    /** What a statement does to the transaction state. */
    public enum Transaction {
        UNCHANGED, OPENED, CLOSED
    }

    public static final SessionEffects CLEAN = new SessionEffects(Transaction.UNCHANGED, false, false);

    private static final SqlCache<SessionEffects> CACHE = new SqlCache<>(SessionEffects::classify);
    private static final Set<String> SESSION_FUNCTIONS = Set.of("PG_ADVISORY_LOCK", "PG_ADVISORY_LOCK_SHARED",
            "PG_TRY_ADVISORY_LOCK", "PG_TRY_ADVISORY_LOCK_SHARED", "SET_CONFIG");

    public final Transaction transaction;
    /** Session state that a reset ({@code RESET ALL}, {@code UNLISTEN *}, ...) undoes. */
    public final boolean session;
    /** State a reset cannot undo: the connection is closed rather than handed on. */
    public final boolean retire;

    private SessionEffects(Transaction transaction, boolean session, boolean retire) {
        this.transaction = transaction;
        this.session = session;
        this.retire = retire;
    }

    /** Whether the next user of the connection would find nothing of this statement's. */
    public boolean clean() {
        return transaction == Transaction.UNCHANGED && !session && !retire;
    }

    public static SessionEffects of(String sql) {
        return CACHE.get(sql);
    }

    private static SessionEffects classify(String sql) {
        Transaction transaction = Transaction.UNCHANGED;
        boolean session = false;
        boolean retire = false;
        for (List<String> words : statements(sql)) {
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0);
            String second = words.size() > 1 ? words.get(1) : "";
            boolean chain = words.contains("CHAIN") && words.contains("AND") && !words.contains("NO");
            switch (first) {
                case "BEGIN", "START" -> transaction = Transaction.OPENED;
                case "COMMIT", "END", "ABORT" -> {
                    if (!second.equals("PREPARED")) {
                        transaction = chain ? Transaction.OPENED : Transaction.CLOSED;
                    }
                }
                case "ROLLBACK" -> {
                    if (!second.equals("TO") && !second.equals("PREPARED") && !words.contains("SAVEPOINT")) {
                        transaction = chain ? Transaction.OPENED : Transaction.CLOSED;
                    }
                }
                case "PREPARE" -> {
                    if (second.equals("TRANSACTION")) {
                        transaction = Transaction.CLOSED;
                    } else {
                        retire = true;
                    }
                }
                case "LOAD" -> retire = true;
                // An anonymous code block can do anything a session can (set_config, SET, temp tables).
                case "DO" -> session = true;
                case "SET" -> session |= !second.equals("LOCAL") && !second.equals("TRANSACTION")
                        && !second.equals("CONSTRAINTS");
                case "RESET", "LISTEN" -> session = true;
                case "CREATE" -> session |= words.subList(1, Math.min(words.size(), 5)).stream()
                        .anyMatch(word -> word.equals("TEMP") || word.equals("TEMPORARY"));
                case "DECLARE" -> session |= words.contains("HOLD") && !words.contains("WITHOUT");
                default -> { }
            }
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (SESSION_FUNCTIONS.contains(word)
                        || word.equals("INTO") && i + 1 < words.size()
                        && (words.get(i + 1).equals("TEMP") || words.get(i + 1).equals("TEMPORARY"))) {
                    session = true;
                }
            }
        }
        return transaction == Transaction.UNCHANGED && !session && !retire ? CLEAN
                : new SessionEffects(transaction, session, retire);
    }

    /** The words of each statement (upper case), outside literals, quoted identifiers and comments. */
    private static List<List<String>> statements(String sql) {
        List<List<String>> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == ';') {
                statements.add(words);
                words = new ArrayList<>();
                i++;
            } else if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == '$') {
                i = skipDollarQuoted(sql, i);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        statements.add(words);
        return statements;
    }

    private static int skipQuoted(String sql, int start, char quote) {
        boolean backslashes = quote == '\'' && start > 0 && (sql.charAt(start - 1) == 'E' || sql.charAt(start - 1) == 'e');
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** Skips {@code $tag$...$tag$}; a {@code $1} parameter or a lone {@code $} is just skipped over. */
    private static int skipDollarQuoted(String sql, int start) {
        int end = start + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end >= sql.length() || sql.charAt(end) != '$' || end > start + 1 && Character.isDigit(sql.charAt(start + 1))) {
            return end;
        }
        String tag = sql.substring(start, end + 1);
        int close = sql.indexOf(tag, end + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }
}
