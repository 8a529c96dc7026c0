package io.momoko.internal;

import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.ProgrammingException;
import io.momoko.SqlOperations;
import io.momoko.Statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@link SqlOperations} for one row type over a {@link StatementRunner}. Argument checks that need no
 * network happen here, and fail the returned future rather than throw.
 *
 * @param <R> the row type
 */
final class Operations<R> implements SqlOperations<R> {

    private static final String IDENTIFIER = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"\\u0000]|\"\")+\")";
    private static final Pattern FUNCTION_NAME = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")*");

    private final StatementRunner runner;
    private final CursorFactory<R> factory;

    /**
     * Creates the operations.
     *
     * @param runner where statements run
     * @param factory how rows are built
     */
    public Operations(StatementRunner runner, CursorFactory<R> factory) {
        this.runner = runner;
        this.factory = Objects.requireNonNull(factory, "cursor factory");
    }

    /** The same operations building rows with another factory. */
    <S> Operations<S> withFactory(CursorFactory<S> other) {
        return new Operations<>(runner, other);
    }

    @Override
    public CompletableFuture<Cursor<R>> execute(String sql) {
        return sql == null ? nullSql() : execute(Statement.of(sql));
    }

    @Override
    public CompletableFuture<Cursor<R>> execute(String sql, Object... params) {
        if (sql == null) {
            return nullSql();
        }
        return execute(params == null ? Statement.of(sql, (Object) null) : Statement.of(sql, params));
    }

    @Override
    public CompletableFuture<Cursor<R>> execute(String sql, Map<String, ?> params) {
        if (sql == null) {
            return nullSql();
        }
        if (params == null) {
            return CompletableFuture.failedFuture(new ProgrammingException("Named parameters must not be null; "
                    + "pass an empty map for a statement without placeholders"));
        }
        return execute(Statement.of(sql, params));
    }

    @Override
    public CompletableFuture<Cursor<R>> execute(Statement statement) {
        if (statement == null) {
            return CompletableFuture.failedFuture(new ProgrammingException("Statement must not be null"));
        }
        return runner.run(statement, factory);
    }

    @Override
    public CompletableFuture<Cursor<R>> callProc(String name, Object... args) {
        if (name == null || !FUNCTION_NAME.matcher(name).matches()) {
            return CompletableFuture.failedFuture(new ProgrammingException("Invalid function name for callProc: '"
                    + name + "' (expected an identifier, optionally schema-qualified or double-quoted)"));
        }
        Object[] values = args == null ? new Object[] {null} : args;
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(name).append('(');
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "$" : ", $").append(i + 1);
        }
        return execute(Statement.of(sql.append(')').toString(), values));
    }

    @Override
    public CompletableFuture<List<Cursor<R>>> transaction(List<?> statements, boolean autoRollback) {
        if (statements == null) {
            return CompletableFuture.failedFuture(new ProgrammingException("transaction statements must not be null"));
        }
        List<Statement> normalized;
        try {
            normalized = statements(statements);
        } catch (ProgrammingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return runner.transaction(normalized, autoRollback, factory);
    }

    /**
     * A transaction's statements as {@link Statement}s: SQL strings and Statements are taken, anything else is
     * refused.
     *
     * @throws ProgrammingException naming what was given instead
     */
    static List<Statement> statements(List<?> statements) {
        List<Statement> normalized = new ArrayList<>(statements.size());
        for (Object statement : statements) {
            if (statement instanceof Statement) {
                normalized.add((Statement) statement);
            } else if (statement instanceof String) {
                normalized.add(Statement.of((String) statement));
            } else {
                throw new ProgrammingException("transaction accepts SQL strings and Statement objects, got "
                        + (statement == null ? "null" : statement.getClass().getName()));
            }
        }
        return normalized;
    }

    @Override
    public CompletableFuture<Long> executeMany(String sql, List<?> paramSets) {
        if (sql == null) {
            return nullSql();
        }
        if (paramSets == null) {
            return CompletableFuture.failedFuture(new ProgrammingException("executeMany parameter sets must not be "
                    + "null; pass an empty list to run nothing"));
        }
        List<Statement> runs = new ArrayList<>(paramSets.size());
        for (int i = 0; i < paramSets.size(); i++) {
            Object set = paramSets.get(i);
            if (set instanceof Object[] values) {
                runs.add(Statement.of(sql, values));
            } else if (set instanceof List<?> values) {
                runs.add(Statement.of(sql, values.toArray()));
            } else if (set instanceof Map<?, ?> named) {
                Map<String, ?> checked = stringKeys(named);
                if (checked == null) {
                    return CompletableFuture.failedFuture(new ProgrammingException("executeMany parameter set " + i
                            + " has a key that is not a String"));
                }
                runs.add(Statement.of(sql, checked));
            } else {
                // List.of(new Object[] {1, "a"}) is List.of(1, "a"): the commonest way to get here.
                return CompletableFuture.failedFuture(new ProgrammingException("executeMany takes one parameter set "
                        + "per run (an Object[], a List or a Map); set " + i + " is "
                        + (set == null ? "null" : "a " + set.getClass().getName()
                        + " (List.of(new Object[] {...}) spreads a single array into its values: write "
                        + "List.<Object[]>of(...) or List.of(List.of(...)))")));
            }
        }
        return runner.runMany(runs);
    }

    /** The map typed as named parameters, or {@code null} when a key is not a name. */
    private static Map<String, ?> stringKeys(Map<?, ?> named) {
        for (Object key : named.keySet()) {
            if (!(key instanceof String)) {
                return null;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> checked = (Map<String, ?>) named;
        return checked;
    }

    /** Every bad argument fails the returned future; none throws at the caller. */
    private static <T> CompletableFuture<T> nullSql() {
        return CompletableFuture.failedFuture(new ProgrammingException("SQL must not be null"));
    }
}
