package io.momoko.internal;

import io.momoko.ConnectException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Connector} the test drives: each {@link #open()} waits until the test calls
 * {@link #completeOpen()} or {@link #failOpen()}, unless {@link #openAtOnce} is set.
 */
final class FakeConnector implements Connector {

    final ArrayDeque<CompletableFuture<PoolConnection>> opening = new ArrayDeque<>();
    final List<FakeConnection> opened = new ArrayList<>();
    boolean openAtOnce = true;
    int opens;
    int resets;
    int validations;
    /** What the next validations answer; {@code null} answers normally. */
    CompletableFuture<Void> validation;

    @Override
    public CompletableFuture<PoolConnection> open() {
        opens++;
        CompletableFuture<PoolConnection> result = new CompletableFuture<>();
        opening.add(result);
        if (openAtOnce) {
            completeOpen();
        }
        return result;
    }

    /** Lets the oldest connection attempt succeed. */
    FakeConnection completeOpen() {
        FakeConnection connection = new FakeConnection();
        opened.add(connection);
        opening.remove().complete(connection);
        return connection;
    }

    /** Lets the oldest connection attempt fail. */
    void failOpen() {
        opening.remove().completeExceptionally(new ConnectException("Cannot connect to fake: refused", null));
    }

    @Override
    public CompletableFuture<Void> reset(PoolConnection connection) {
        resets++;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> validate(PoolConnection connection) {
        validations++;
        return validation != null ? validation : CompletableFuture.completedFuture(null);
    }

    @Override
    public String target() {
        return "fake:5432/db";
    }
}
