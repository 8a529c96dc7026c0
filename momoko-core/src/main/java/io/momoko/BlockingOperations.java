package io.momoko;

import java.util.List;
import java.util.Map;

/**
 * The statements of {@link SqlOperations}, for code that may block its thread (a virtual thread, a Spring MVC
 * request thread): each method waits for the result and returns it, or throws the {@link MomokoException} the
 * asynchronous form would have failed with, never wrapped in a {@code CompletionException}.
 *
 * <p>Calling one on a Vert.x event-loop thread (in a stage attached to a pool's future, for instance) would stop
 * the thread that must answer it: it throws {@link ProgrammingException} at once instead. If the waiting
 * thread is interrupted the statement is given up (a running one is cancelled on the server), the thread's
 * interrupt flag is set again and a {@link MomokoException} is thrown.
 *
 * @param <R> the row type
 */
public interface BlockingOperations<R> {

    /**
     * Runs a statement without parameters, as {@link SqlOperations#execute(String)}.
     *
     * @param sql the statement
     * @return the result
     */
    Cursor<R> execute(String sql);

    /**
     * Runs a statement with positional parameters, as {@link SqlOperations#execute(String, Object...)}.
     *
     * @param sql the statement, with {@code %s} or {@code $n} placeholders
     * @param params one value per placeholder
     * @return the result
     */
    Cursor<R> execute(String sql, Object... params);

    /**
     * Runs a statement with named parameters, as {@link SqlOperations#execute(String, Map)}.
     *
     * @param sql the statement, with {@code %(name)s} placeholders
     * @param params the values by name
     * @return the result
     */
    Cursor<R> execute(String sql, Map<String, ?> params);

    /**
     * Runs a statement, as {@link SqlOperations#execute(Statement)}.
     *
     * @param statement the statement and its parameters
     * @return the result
     */
    Cursor<R> execute(Statement statement);

    /**
     * Calls a function, as {@link SqlOperations#callProc(String, Object...)}.
     *
     * @param name the function's name
     * @param args its arguments
     * @return the result
     */
    Cursor<R> callProc(String name, Object... args);

    /**
     * Runs statements in one transaction, rolled back when one fails, as {@link SqlOperations#transaction(List)}.
     *
     * @param statements SQL strings or {@link Statement}s
     * @return one result per statement
     */
    List<Cursor<R>> transaction(List<?> statements);

    /**
     * Runs one statement once per parameter set as one batch, as {@link SqlOperations#executeMany(String, List)}.
     *
     * @param sql the statement
     * @param paramSets one {@code Object[]}, {@code List} or {@code Map} per run
     * @return the rows affected by all runs together
     */
    long executeMany(String sql, List<?> paramSets);
}
