package io.momoko.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Where the pool's connections come from, and how they are set up and cleaned (HikariCP's {@code PoolBase},
 * Vert.x's {@code PoolConnector}). The engine only counts and hands over; everything that talks to the
 * server on a connection's behalf is here, so the engine's tests can fake it.
 */
interface Connector {

    /**
     * Opens a connection and runs the pool's session statements on it.
     *
     * @return the connection ready for use, or why there is none (the connection, if any, is closed)
     */
    CompletableFuture<PoolConnection> open();

    /**
     * Undoes what a borrower may have left (transaction, settings, temporary tables, locks, listeners) and
     * runs the session statements again.
     *
     * @param connection a connection returned by its borrower
     * @return completes when the connection is as new; fails when it could not be cleaned
     */
    CompletableFuture<Void> reset(PoolConnection connection);

    /**
     * Checks with a round trip that an idle connection still answers.
     *
     * @param connection an idle connection
     * @return completes normally when it answered
     */
    CompletableFuture<Void> validate(PoolConnection connection);

    /**
     * Makes connections opened from now on prepare every statement unnamed, with Parse, Bind and Execute before
     * one Sync (what a pooler that moves server connections between transactions needs), when they did not already.
     *
     * @return {@code true} only the first time, when this call switched
     */
    default boolean switchToUnnamedStatements() {
        return false;
    }

    /** Where connections go, for messages: host, port, database and user, never the password. */
    String target();
}
