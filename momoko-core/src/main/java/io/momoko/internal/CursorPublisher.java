package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.CursorFactory;
import io.momoko.ServerCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows of a query as a {@link Flow.Publisher}, read through a server-side cursor on a borrowed connection.
 *
 * <h2>Concurrency</h2>
 * Demand arrives on the subscriber's threads, rows on the pool's event loop. Every signal to the subscriber
 * is made inside {@link CursorSubscription#drain()}, which one thread at a time runs (the usual
 * work-in-progress counter), so signals are serialized as the Reactive Streams rules require. At most one
 * fetch is in flight and a fetch starts only when the buffer is empty and the subscriber wants more, which
 * bounds memory to about one fetch of rows whatever the demand.
 *
 * <h2>Release</h2>
 * On completion, error or cancel the connection goes back with {@code putConn}, whose reset rolls the
 * transaction back and closes every cursor; a fetch still in flight is answered first, since statements on
 * one connection run in order.
 *
 * @param <R> the row type
 */
final class CursorPublisher<R> implements Flow.Publisher<R> {

    private static final Logger LOG = LoggerFactory.getLogger(CursorPublisher.class);

    private final Borrowing pool;
    private final String sql;
    private final Object[] params;
    private final int fetchSize;
    private final CursorFactory<R> factory;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    CursorPublisher(Borrowing pool, String sql, Object[] params, int fetchSize, CursorFactory<R> factory) {
        DeclaredCursor.requireFetchSize(fetchSize);
        this.pool = pool;
        this.sql = sql;
        this.params = params == null ? new Object[0] : params.clone();
        this.fetchSize = fetchSize;
        this.factory = factory;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super R> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber");
        }
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("This stream of " + Errors.describe(sql)
                    + " already has a subscriber; call stream(...) again for another"));
            return;
        }
        CursorSubscription subscription = new CursorSubscription(subscriber);
        subscriber.onSubscribe(subscription);
    }

    private final class CursorSubscription implements Flow.Subscription {
        private final Flow.Subscriber<? super R> subscriber;
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicLong demand = new AtomicLong();
        private final Queue<R> buffer = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean releaseWanted = new AtomicBoolean();
        private final AtomicBoolean putBack = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile boolean fetching;
        private volatile boolean exhausted;
        private volatile boolean started;
        private volatile Throwable failure;
        private volatile Connection connection;
        private volatile ServerCursor<R> cursor;
        private boolean terminated;

        CursorSubscription(Flow.Subscriber<? super R> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                failure = new IllegalArgumentException("Reactive Streams rule 3.9: request(" + n + ") must be positive");
            } else {
                demand.getAndAccumulate(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            drain();
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                step();
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void step() {
            if (terminated) {
                return;
            }
            if (cancelled) {
                terminate();
                return;
            }
            while (demand.get() > 0 && !buffer.isEmpty()) {
                R row = buffer.poll();
                demand.decrementAndGet();
                try {
                    subscriber.onNext(row);
                } catch (Throwable e) {
                    // Rule 2.13: a subscriber that throws is considered cancelled.
                    LOG.warn("A subscriber of {} threw from onNext; the stream is cancelled", Errors.describe(sql), e);
                    cancelled = true;
                    terminate();
                    return;
                }
                if (cancelled) {
                    terminate();
                    return;
                }
            }
            Throwable error = failure;
            if (error != null) {
                terminate();
                subscriber.onError(error);
                return;
            }
            if (buffer.isEmpty() && exhausted) {
                terminate();
                subscriber.onComplete();
                return;
            }
            if (buffer.isEmpty() && demand.get() > 0 && !fetching) {
                fetch();
            }
        }

        private void fetch() {
            fetching = true;
            CompletableFuture<List<R>> rows;
            if (!started) {
                started = true;
                rows = pool.borrow().thenCompose(borrowed -> {
                    connection = borrowed;
                    if (releaseWanted.get()) {
                        release();
                    }
                    return borrowed.execute("BEGIN").thenCompose(ignored -> borrowed.cursor(factory, sql, params));
                })
                        .thenCompose(opened -> {
                            cursor = opened;
                            return opened.fetch(fetchSize);
                        });
            } else {
                rows = cursor.fetch(fetchSize);
            }
            rows.whenComplete((batch, error) -> {
                if (error != null) {
                    failure = Errors.unwrap(error);
                } else {
                    buffer.addAll(batch);
                    if (batch.size() < fetchSize) {
                        exhausted = true;
                    }
                }
                fetching = false;
                drain();
            });
        }

        private void terminate() {
            terminated = true;
            buffer.clear();
            release();
        }

        /** Gives the connection back once; while it is still being borrowed, the borrow callback does it. */
        private void release() {
            releaseWanted.set(true);
            Connection borrowed = connection;
            if (borrowed != null && putBack.compareAndSet(false, true)) {
                pool.putConn(borrowed);
            }
        }
    }
}
