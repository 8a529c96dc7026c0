package io.momoko.internal;

import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.DatabaseException;
import io.momoko.ProgrammingException;
import io.momoko.ServerCursor;
import io.momoko.Statement;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link ServerCursor} made with {@code DECLARE name NO SCROLL CURSOR FOR query}, read with
 * {@code FETCH FORWARD n} and ended with {@code CLOSE}. DECLARE takes no bind parameters, so the query's
 * parameters are interpolated with {@link Literals}, whose quoting is exact and round-trip tested.
 *
 * @param <R> the row type
 */
final class DeclaredCursor<R> implements ServerCursor<R> {

    private static final AtomicLong NAMES = new AtomicLong();

    private final StatementRunner connection;
    private final String name;
    private final CursorFactory<R> factory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DeclaredCursor(StatementRunner connection, String name, CursorFactory<R> factory) {
        this.connection = connection;
        this.name = name;
        this.factory = factory;
    }

    static <R> CompletableFuture<ServerCursor<R>> open(StatementRunner connection, String sql, Object[] params,
                                                       boolean hstore, CursorFactory<R> factory) {
        String query;
        try {
            query = Literals.mogrify(sql, params, hstore);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        String name = "momoko_cursor_" + NAMES.incrementAndGet();
        return connection.run(Statement.of("DECLARE " + name + " NO SCROLL CURSOR FOR " + query), CursorFactory.row())
                .handle((ignored, error) -> {
                    if (error == null) {
                        return new DeclaredCursor<>(connection, name, factory);
                    }
                    Throwable cause = Errors.unwrap(error);
                    if (cause instanceof DatabaseException && "25P01".equals(((DatabaseException) cause).sqlState())) {
                        throw new ProgrammingException("A server-side cursor needs an open transaction: run BEGIN "
                                + "first, or use inTransaction(...) or Pool.stream(...)");
                    }
                    throw new CompletionException(cause);
                });
    }

    /**
     * Streams every row of a cursor to a consumer, one fetch at a time, and closes the cursor at the end.
     */
    static <R> CompletableFuture<Void> forEach(ServerCursor<R> cursor, int fetchSize, Consumer<? super R> consumer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        fetchNext(cursor, fetchSize, consumer, done);
        return done.handle((ignored, error) -> cursor.close().handle((closedOk, closeError) -> {
            if (error != null) {
                throw new CompletionException(Errors.unwrap(error));
            }
            if (closeError != null) {
                throw new CompletionException(Errors.unwrap(closeError));
            }
            return (Void) null;
        })).thenCompose(stage -> stage);
    }

    private static <R> void fetchNext(ServerCursor<R> cursor, int fetchSize, Consumer<? super R> consumer,
                                      CompletableFuture<Void> done) {
        cursor.fetch(fetchSize).whenComplete((rows, error) -> {
            if (error != null) {
                done.completeExceptionally(Errors.unwrap(error));
                return;
            }
            try {
                rows.forEach(consumer);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (rows.size() < fetchSize) {
                done.complete(null);
            } else {
                fetchNext(cursor, fetchSize, consumer, done);
            }
        });
    }

    static void requireFetchSize(int fetchSize) {
        if (fetchSize < 1) {
            throw new ProgrammingException("fetchSize must be at least 1, was " + fetchSize);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<List<R>> fetch(int count) {
        if (count < 1) {
            return CompletableFuture.failedFuture(new ProgrammingException("fetch count must be at least 1, was " + count));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ProgrammingException("Cursor " + name + " is closed"));
        }
        return connection.run(Statement.of("FETCH FORWARD " + count + " FROM " + name), factory)
                .thenApply(Cursor::fetchAll);
    }

    @Override
    public CompletableFuture<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.run(Statement.of("CLOSE " + name), CursorFactory.row()).thenApply(ignored -> null);
    }

    @Override
    public String toString() {
        return "ServerCursor[" + name + (closed.get() ? ", closed" : "") + "]";
    }
}
