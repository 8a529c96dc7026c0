package io.momoko.internal;

import io.momoko.Cursor;
import io.momoko.Row;
import io.momoko.SqlOperations;
import io.momoko.Statement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link SqlOperations} of a connection, borrowed connection or pool, all answered by one
 * {@link Operations} over {@link Row}s, so the three share one implementation.
 */
interface RowOperations extends SqlOperations<Row> {

    /** Returns the operations every method here forwards to. */
    Operations<Row> rows();

    @Override
    default CompletableFuture<Cursor<Row>> execute(String sql) {
        return rows().execute(sql);
    }

    @Override
    default CompletableFuture<Cursor<Row>> execute(String sql, Object... params) {
        return rows().execute(sql, params);
    }

    @Override
    default CompletableFuture<Cursor<Row>> execute(String sql, Map<String, ?> params) {
        return rows().execute(sql, params);
    }

    @Override
    default CompletableFuture<Cursor<Row>> execute(Statement statement) {
        return rows().execute(statement);
    }

    @Override
    default CompletableFuture<Cursor<Row>> callProc(String name, Object... args) {
        return rows().callProc(name, args);
    }

    @Override
    default CompletableFuture<List<Cursor<Row>>> transaction(List<?> statements, boolean autoRollback) {
        return rows().transaction(statements, autoRollback);
    }

    @Override
    default CompletableFuture<Long> executeMany(String sql, List<?> paramSets) {
        return rows().executeMany(sql, paramSets);
    }
}
