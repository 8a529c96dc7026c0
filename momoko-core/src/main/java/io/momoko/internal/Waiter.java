package io.momoko.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A request that could not be served at once: queued in a {@link WaiterQueue}, or waiting for a validation
 * round trip. It is a node of the queue's list itself, so removing it (timeout, cancel) costs O(1) even
 * with ten thousand waiting.
 */
final class Waiter {

    /** Whether a request's caller still waits for the answer; {@code caller} may be null (always wanted). */
    static boolean wanted(CompletableFuture<?> caller) {
        return caller == null || !caller.isDone();
    }


    final Grant grant;
    /** The caller's future: once it is done (cancelled, timed out by the caller), the request is not wanted. */
    final CompletableFuture<?> caller;
    /** Exclusive use, or a pool-level statement that may share a connection when pipelining. */
    final Sharing sharing;
    /** Whether the connection must be checked with a round trip first ({@code getConn(true)}). */
    final boolean ping;
    final long requestedNanos;
    long timer = -1;
    /** Set once the request has its connection or its error; no path answers twice (asserted). */
    boolean answered;

    Waiter previous;
    Waiter next;
    boolean queued;

    Waiter(Grant grant, CompletableFuture<?> caller, Sharing sharing, boolean ping, long requestedNanos) {
        this.grant = grant;
        this.caller = caller;
        this.sharing = sharing;
        this.ping = ping;
        this.requestedNanos = requestedNanos;
    }
}
