package io.momoko;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The statements Momoko runs, with rows of type {@code R}. Every method returns at once; the future
 * completes with the result, with a {@link MomokoException} subtype, or with a timeout. None is left pending.
 *
 * <h2>Placeholders</h2>
 * Parameters are always sent as bind parameters, never spliced into the SQL text. Three styles are
 * accepted, one per statement:
 * <ul>
 *   <li>Momoko's positional {@code %s}: {@code execute("SELECT * FROM t WHERE id = %s", 42)};</li>
 *   <li>Momoko's named {@code %(name)s}: {@code execute("... WHERE id = %(id)s", Map.of("id", 42))};</li>
 *   <li>PostgreSQL's {@code $1 .. $n}: {@code execute("SELECT $1 + $2", 1, 2)}.</li>
 * </ul>
 * With {@code %} placeholders a literal percent sign is written {@code %%}. A statement run without
 * parameters ({@link #execute(String)}) is sent exactly as written, every {@code %} included, and may hold
 * several statements separated by semicolons (the result is the last one's).
 *
 * @param <R> the row type
 */
public interface SqlOperations<R> {

    /**
     * Runs a statement exactly as written, without parameters.
     *
     * @param sql one statement, or several separated by semicolons
     * @return the result of the (last) statement
     */
    CompletableFuture<Cursor<R>> execute(String sql);

    /**
     * Runs a statement with positional parameters ({@code %s} or {@code $n}).
     *
     * @param sql the statement
     * @param params one value per placeholder
     * @return the result
     */
    CompletableFuture<Cursor<R>> execute(String sql, Object... params);

    /**
     * Runs a statement with named parameters ({@code %(name)s}). Keys not used by the statement are ignored.
     *
     * @param sql the statement
     * @param params the values by name
     * @return the result
     */
    CompletableFuture<Cursor<R>> execute(String sql, Map<String, ?> params);

    /**
     * Runs a prepared {@link Statement}.
     *
     * @param statement the statement and its parameters
     * @return the result
     */
    CompletableFuture<Cursor<R>> execute(Statement statement);

    /**
     * Calls a function as {@code SELECT * FROM name(args...)}, like psycopg2's {@code callproc}.
     *
     * @param name the function name, optionally schema-qualified; plain or double-quoted identifiers only
     * @param args the arguments, sent as bind parameters
     * @return the function's result
     */
    CompletableFuture<Cursor<R>> callProc(String name, Object... args);

    /**
     * Runs statements in one transaction and rolls back when one fails; same as
     * {@code transaction(statements, true)}.
     *
     * @param statements SQL strings (run as written) or {@link Statement}s
     * @return one result per statement, in order
     */
    default CompletableFuture<List<Cursor<R>>> transaction(List<?> statements) {
        return transaction(statements, true);
    }

    /**
     * Runs {@code BEGIN}, each statement in order, then {@code COMMIT}. When a statement fails the future
     * fails with that statement's error; with {@code autoRollback} a {@code ROLLBACK} is sent first,
     * otherwise the transaction is left open and aborted for the caller to end.
     *
     * @param statements SQL strings (run as written) or {@link Statement}s
     * @param autoRollback whether to roll back when a statement fails
     * @return one result per statement, in order
     */
    CompletableFuture<List<Cursor<R>>> transaction(List<?> statements, boolean autoRollback);

    /**
     * Runs one statement once per parameter set (psycopg's {@code executemany}), sent as one pipelined batch on
     * one connection: one round trip, however many rows.
     *
     * <p>On a pool the batch runs in a transaction of its own: all runs take effect or none does. On a
     * connection it runs in whatever the connection is doing: inside a transaction it is part of it; outside
     * one, each batch is atomic by itself (the extended protocol's implicit transaction), and the parameter sets
     * form several batches only when their values need different casts (a {@code null} where other rows have a
     * number, say).
     *
     * @param sql the statement, with the same placeholders as {@link #execute(String, Object...)}
     * @param paramSets one entry per run: an {@code Object[]} or a {@code List} for positional placeholders, a
     *                  {@code Map} for named ones
     * @return the number of rows affected by all runs together; {@code 0} for an empty list
     */
    CompletableFuture<Long> executeMany(String sql, List<?> paramSets);
}
