package io.momoko.internal;

import io.momoko.Notification;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber of one channel: a bounded buffer between the listening connection, which cannot be slowed
 * down (the server pushes notifications whether anyone asked), and a subscriber that takes them at its own
 * pace.
 *
 * <p>Overflow policy: the buffer keeps the oldest {@code capacity} messages; newer ones are dropped and
 * counted in one gap marker placed after them, so memory stays bounded (capacity + 1 entries) and the
 * subscriber learns where and how much it lost. Delivery is serialised by a work-in-progress counter (the
 * usual Reactive Streams drain): whichever thread adds or requests drains, never two at once.
 */
final class NotificationSubscription implements Flow.Subscription {

    private final String channel;
    private final int capacity;
    private final Flow.Subscriber<? super Notification> subscriber;
    private final Runnable onCancel;
    private final ArrayDeque<Notification> buffer = new ArrayDeque<>();
    private final AtomicInteger work = new AtomicInteger();
    private long requested;
    private boolean cancelled;
    private boolean completed;
    private Throwable failure;
    private boolean terminated;

    NotificationSubscription(String channel, int capacity, Flow.Subscriber<? super Notification> subscriber,
                             Runnable onCancel) {
        this.channel = channel;
        this.capacity = capacity;
        this.subscriber = subscriber;
        this.onCancel = onCancel;
    }

    String channel() {
        return channel;
    }

    /** Adds a message, or counts it in the gap marker when the buffer is full. */
    void offer(Notification message) {
        synchronized (this) {
            if (cancelled || completed) {
                return;
            }
            if (buffer.size() < capacity) {
                buffer.add(message);
            } else {
                markGap(1);
            }
        }
        drain();
    }

    /** Marks a loss of unknown size (a reconnect) at this point of the stream. */
    void gap() {
        synchronized (this) {
            if (cancelled || completed) {
                return;
            }
            markGap(0);
        }
        drain();
    }

    // A marker already at the end absorbs the new loss, so markers never pile up: at most capacity + 1 entries.
    private void markGap(long dropped) {
        Notification last = buffer.peekLast();
        if (last != null && last.isGap()) {
            buffer.pollLast();
            buffer.add(Notification.gap(channel, last.dropped() + dropped));
        } else {
            buffer.add(Notification.gap(channel, dropped));
        }
    }

    /** Ends the stream once what is buffered has been delivered ({@code null}) or at once with an error. */
    void finish(Throwable error) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
            failure = error;
            if (error != null) {
                buffer.clear();
            }
        }
        drain();
    }

    /** How many entries wait in the buffer. */
    synchronized int buffered() {
        return buffer.size();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // Rule 3.9: a non-positive request is an error, signalled to the subscriber.
            finish(new IllegalArgumentException("Rule 3.9: request(" + n + ") must be positive"));
            cancel();
            return;
        }
        synchronized (this) {
            requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        boolean first;
        synchronized (this) {
            first = !cancelled;
            cancelled = true;
            buffer.clear();
        }
        if (first) {
            onCancel.run();
        }
    }

    private void drain() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                Notification next;
                Throwable error;
                boolean done;
                synchronized (this) {
                    if (terminated || cancelled && failure == null) {
                        break;
                    }
                    error = failure;
                    done = completed && (error != null || buffer.isEmpty());
                    next = !done && requested > 0 ? buffer.poll() : null;
                    if (done) {
                        terminated = true;
                    } else if (next == null) {
                        break;
                    } else if (requested != Long.MAX_VALUE) {
                        requested--;
                    }
                }
                if (done) {
                    if (error != null) {
                        subscriber.onError(error);
                    } else {
                        subscriber.onComplete();
                    }
                    break;
                }
                subscriber.onNext(next);
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
