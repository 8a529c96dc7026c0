package io.momoko.internal;

/**
 * The requests waiting for a connection, first come first served: an intrusive doubly linked list, so that
 * a waiter leaving early (acquire timeout, cancelled caller) is unlinked in O(1) rather than searched for.
 * Touched only on the pool's context.
 */
final class WaiterQueue {

    private Waiter head;
    private Waiter tail;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Waiter peekFirst() {
        return head;
    }

    void addLast(Waiter waiter) {
        assert !waiter.queued : "waiter queued twice";
        waiter.queued = true;
        waiter.previous = tail;
        waiter.next = null;
        if (tail == null) {
            head = waiter;
        } else {
            tail.next = waiter;
        }
        tail = waiter;
        size++;
    }

    /** Removes and returns the oldest waiter, or {@code null}. */
    Waiter pollFirst() {
        Waiter first = head;
        if (first != null) {
            remove(first);
        }
        return first;
    }

    /**
     * Unlinks a waiter.
     *
     * @return {@code false} when it was not queued (already served or removed)
     */
    boolean remove(Waiter waiter) {
        if (!waiter.queued) {
            return false;
        }
        if (waiter.previous == null) {
            head = waiter.next;
        } else {
            waiter.previous.next = waiter.next;
        }
        if (waiter.next == null) {
            tail = waiter.previous;
        } else {
            waiter.next.previous = waiter.previous;
        }
        waiter.previous = null;
        waiter.next = null;
        waiter.queued = false;
        size--;
        return true;
    }

    /** The oldest waiter whose caller still wants an answer, left queued; drops (and answers) those that do not. */
    Waiter peekWanted(PoolContext context) {
        Waiter first = head;
        while (first != null && !Waiter.wanted(first.caller)) {
            withdraw(first, context);
            first = head;
        }
        return first;
    }

    /** Removes and returns the oldest waiter whose caller still wants an answer, its timer cancelled. */
    Waiter pollWanted(PoolContext context) {
        Waiter wanted = peekWanted(context);
        if (wanted != null) {
            remove(wanted);
            context.cancelTimer(wanted.timer);
        }
        return wanted;
    }

    /**
     * Takes out a waiter whose caller gave up, cancelling its timer.
     *
     * @return {@code false} when it was no longer queued
     */
    boolean withdraw(Waiter waiter, PoolContext context) {
        if (!remove(waiter)) {
            return false;
        }
        context.cancelTimer(waiter.timer);
        waiter.answered = true;
        return true;
    }
}
