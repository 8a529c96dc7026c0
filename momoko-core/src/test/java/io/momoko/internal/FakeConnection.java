package io.momoko.internal;

import io.momoko.ConnectionClosedException;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.Row;
import io.momoko.Statement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connection that runs nothing: statements wait until the test answers them ({@link #answer()},
 * {@link #fail(Throwable)}), except those {@link #autoAnswer} names (BEGIN, COMMIT, ROLLBACK by default).
 */
final class FakeConnection implements PoolConnection {

    private java.util.function.Consumer<io.momoko.Notification> notifications = ignored -> { };

    record Sent(Statement statement, CompletableFuture<Cursor<?>> result) {
    }

    private static int pids = 1000;

    final int pid = pids++;
    final List<String> log = new ArrayList<>();
    final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    List<String> autoAnswer = List.of("BEGIN", "COMMIT", "ROLLBACK");
    private final Operations<Row> rows = new Operations<>(this, CursorFactory.row());
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean hstore;
    /** Thrown by the next statements, as a bind that overflows the stack would. */
    Error throwOnRun;

    @Override
    public <R> CompletableFuture<Cursor<R>> run(Statement statement, CursorFactory<R> factory) {
        return start(statement, factory).result();
    }

    /** The engine tests need no batches; the real ones are tested against a server. */
    @Override
    public CompletableFuture<Long> runMany(java.util.List<Statement> statements) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("FakeConnection.runMany"));
    }

    /** Settles when the test answers the statement; a cancel is only written to the log. */
    @Override
    public <R> Execution<R> start(Statement statement, CursorFactory<R> factory, Binder.Bound bound) {
        CompletableFuture<Cursor<R>> result = send(statement);
        return new Execution<>(result, result.handle((cursor, error) -> null), () -> log.add("CANCEL"));
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<Cursor<R>> send(Statement statement) {
        if (isClosed()) {
            return CompletableFuture.failedFuture(new ConnectionClosedException("fake connection " + pid
                    + " is closed", false, null));
        }
        if (throwOnRun != null) {
            throw throwOnRun;
        }
        log.add(statement.sql());
        CompletableFuture<Cursor<?>> result = new CompletableFuture<>();
        if (autoAnswer.contains(statement.sql())) {
            result.complete(null);
        } else {
            inFlight.add(new Sent(statement, result));
        }
        return (CompletableFuture<Cursor<R>>) (CompletableFuture<?>) result;
    }

    @Override
    public void cancelRunning() {
        log.add("CANCEL");
    }

    /** Answers the oldest statement in flight successfully. */
    void answer() {
        inFlight.remove().result().complete(null);
    }

    /** Fails the oldest statement in flight. */
    void fail(Throwable error) {
        inFlight.remove().result().completeExceptionally(error);
    }

    /** The peer goes away: statements in flight fail as sent, the socket is closed. */
    void die() {
        closed.complete(null);
        while (!inFlight.isEmpty()) {
            fail(new ConnectionClosedException("fake connection " + pid + " died", true, null));
        }
    }

    @Override
    public Operations<Row> rows() {
        return rows;
    }

    @Override
    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    @Override
    public String runningSql() {
        Sent oldest = inFlight.peek();
        return oldest == null ? null : oldest.statement().sql();
    }

    @Override
    public int backendPid() {
        return pid;
    }

    @Override
    public boolean hstore() {
        return hstore;
    }

    @Override
    public void onNotification(java.util.function.Consumer<io.momoko.Notification> handler) {
        this.notifications = handler;
    }

    /** Delivers a notification as the server would. */
    void notify(io.momoko.Notification notification) {
        notifications.accept(notification);
    }

    @Override
    public void hstoreEnabled() {
        hstore = true;
    }

    @Override
    public CompletableFuture<Void> registerHstore() {
        hstore = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletableFuture<Void> close() {
        die();
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException("fake connection");
    }

    @Override
    public String toString() {
        return "FakeConnection[" + pid + "]";
    }
}
