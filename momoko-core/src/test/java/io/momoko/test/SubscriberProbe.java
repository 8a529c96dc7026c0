package io.momoko.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link Flow.Subscriber} that records what it is given and asks for more by a policy the test chooses:
 * how much on subscribe, how much after each item (at once or later on an executor), when to cancel.
 *
 * <pre>{@code
 * SubscriberProbe<Row> probe = SubscriberProbe.<Row>requesting(1).perItem(1).cancelAfter(10);
 * pool.stream(100, "SELECT ...").subscribe(probe);
 * Await.result(probe.done());
 * }</pre>
 *
 * @param <T> the item type
 */
public final class SubscriberProbe<T> implements Flow.Subscriber<T> {

    private final long initial;
    private final List<T> items = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long perItem;
    private long cancelAfter = -1;
    private Executor requestExecutor;
    private Consumer<? super T> each = item -> { };
    private boolean keep = true;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    private SubscriberProbe(long initial) {
        this.initial = initial;
    }

    /**
     * A probe that asks for everything on subscribe.
     *
     * @param <T> the item type
     * @return the probe
     */
    public static <T> SubscriberProbe<T> unbounded() {
        return new SubscriberProbe<>(Long.MAX_VALUE);
    }

    /**
     * A probe that asks for {@code initial} items on subscribe (none when zero; a negative number is passed
     * on as it is, to test the publisher's rule 3.9).
     *
     * @param initial the first request
     * @param <T> the item type
     * @return the probe
     */
    public static <T> SubscriberProbe<T> requesting(long initial) {
        return new SubscriberProbe<>(initial);
    }

    /**
     * Asks for {@code n} more after each item.
     *
     * @param n how many
     * @return this probe
     */
    public SubscriberProbe<T> perItem(long n) {
        this.perItem = n;
        return this;
    }

    /**
     * Makes the per-item requests later, on {@code executor}, not from inside {@code onNext} (a slow subscriber).
     *
     * @param executor where to request
     * @return this probe
     */
    public SubscriberProbe<T> requestingOn(Executor executor) {
        this.requestExecutor = executor;
        return this;
    }

    /**
     * Cancels after the {@code n}th item and counts as done.
     *
     * @param n the item to cancel after
     * @return this probe
     */
    public SubscriberProbe<T> cancelAfter(long n) {
        this.cancelAfter = n;
        return this;
    }

    /**
     * Runs {@code action} on every item, inside {@code onNext} (an exception it throws is thrown from
     * {@code onNext}, as a faulty subscriber's would be).
     *
     * @param action what to do with each item
     * @return this probe
     */
    public SubscriberProbe<T> forEach(Consumer<? super T> action) {
        this.each = action;
        return this;
    }

    /**
     * Counts items without keeping them (for streams too large to hold).
     *
     * @return this probe
     */
    public SubscriberProbe<T> discardingItems() {
        this.keep = false;
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initial != 0) {
            s.request(initial);
        }
    }

    @Override
    public void onNext(T item) {
        each.accept(item);
        long n = count.incrementAndGet();
        if (keep) {
            synchronized (items) {
                items.add(item);
            }
        }
        if (n == cancelAfter) {
            cancelled = true;
            subscription.cancel();
            done.complete(null);
        } else if (perItem > 0) {
            if (requestExecutor == null) {
                subscription.request(perItem);
            } else {
                requestExecutor.execute(() -> subscription.request(perItem));
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!done.completeExceptionally(error) && !cancelled) {
            done.obtrudeException(new AssertionError("onError after the stream had ended", error));
        }
    }

    @Override
    public void onComplete() {
        if (!done.complete(null) && !cancelled) {
            done.obtrudeException(new AssertionError("onComplete after the stream had ended"));
        }
    }

    /**
     * Asks for more, as the test decides.
     *
     * @param n how many
     */
    public void request(long n) {
        subscription.request(n);
    }

    /**
     * Returns the subscription given on subscribe, or {@code null} before it.
     *
     * @return the subscription
     */
    public Flow.Subscription subscription() {
        return subscription;
    }

    /**
     * Completes on {@code onComplete} or the probe's own cancel, fails with the {@code onError} cause (or an
     * {@link AssertionError} for a second terminal signal, unless the probe had cancelled).
     *
     * @return the outcome
     */
    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Returns how many items arrived.
     *
     * @return the count
     */
    public long count() {
        return count.get();
    }

    /**
     * Returns the items so far, in the order they arrived.
     *
     * @return a copy
     */
    public List<T> items() {
        synchronized (items) {
            return List.copyOf(items);
        }
    }
}
