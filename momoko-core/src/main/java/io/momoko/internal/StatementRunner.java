package io.momoko.internal;

import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.Statement;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where statements run: one connection, or a pool that picks one. {@link Operations} builds the public
 * {@link io.momoko.SqlOperations} methods on top of these two.
 */
interface StatementRunner {

    /**
     * Runs one statement.
     *
     * @param statement the statement and its parameters
     * @param factory how to build rows
     * @param <R> the row type
     * @return the result
     */
    <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory);

    /**
     * Runs statements in one transaction.
     *
     * @param statements the statements, in order
     * @param autoRollback whether to roll back when one fails
     * @param factory how to build rows
     * @param <R> the row type
     * @return one result per statement
     */
    <R> CompletableFuture<List<Cursor<R>>> transaction(List<Statement> statements, boolean autoRollback,
                                                     CursorFactory<R> factory);

    /**
     * Runs one statement once per parameter set, as pipelined batches on one connection.
     *
     * @param statements the runs, all of the same SQL
     * @return the affected rows of every run, summed
     */
    CompletableFuture<Long> runMany(List<Statement> statements);
}
