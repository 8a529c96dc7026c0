package io.momoko;

import java.util.Objects;

/**
 * Which connection of a pool the current thread is working in, for transaction managers (Spring's
 * {@code @Transactional} support in the starter, or an application's own). A manager that starts a transaction
 * on a borrowed connection binds it here for as long as the transaction's code runs on the thread:
 *
 * <ul>
 *   <li>{@link Pool#blocking()} then runs its statements on that connection, inside the transaction;</li>
 *   <li>the plain {@link Pool} methods ({@code pool.execute(...)}) still borrow a connection of their own, so they
 *       run outside the transaction; the pool logs a warning the first time it sees that happen.</li>
 * </ul>
 *
 * <p>Bindings are per thread and nest: {@link #bind} returns a {@link Binding} whose {@link Binding#close()}
 * removes exactly that binding, whatever was bound after it. Looking a binding up costs nothing until the first
 * binding is ever made.
 */
public final class ConnectionBinding {

    /** Set once, at the first binding: until then no thread can hold one, and lookups skip the thread-local. */
    private static volatile boolean everBound;

    private static final ThreadLocal<Node> BOUND = new ThreadLocal<>();

    private ConnectionBinding() {
    }

    /**
     * Binds a connection of {@code pool} to the current thread until the returned binding is closed.
     *
     * @param pool the pool the connection was borrowed from
     * @param connection the connection the transaction runs on
     * @return the binding; close it on the same thread
     */
    public static Binding bind(Pool pool, Connection connection) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(connection, "connection");
        everBound = true;
        Node node = new Node(pool, connection, BOUND.get(), Thread.currentThread());
        BOUND.set(node);
        return node;
    }

    /**
     * Returns the connection of {@code pool} bound to the current thread, the latest when there are several.
     *
     * @param pool the pool
     * @return the bound connection, or {@code null} when none is bound
     */
    public static Connection current(Pool pool) {
        if (!everBound) {
            return null;
        }
        for (Node node = BOUND.get(); node != null; node = node.next) {
            if (node.pool == pool) {
                return node.connection;
            }
        }
        return null;
    }

    /** A connection bound to a thread; closing it unbinds the connection. */
    public interface Binding extends AutoCloseable {

        /** Removes this binding from the thread that made it; nothing happens the second time. */
        @Override
        void close();
    }

    /** One binding in the thread's list, newest first. */
    private static final class Node implements Binding {
        private final Pool pool;
        private final Connection connection;
        private final Thread thread;
        private Node next;
        private boolean closed;

        Node(Pool pool, Connection connection, Node next, Thread thread) {
            this.pool = pool;
            this.connection = connection;
            this.next = next;
            this.thread = thread;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                // The list is the other thread's: touching it from here would corrupt it.
                throw new ProgrammingException("A connection binding must be closed on the thread that made it ("
                        + thread.getName() + "), not on " + Thread.currentThread().getName());
            }
            closed = true;
            Node head = BOUND.get();
            if (head == this) {
                if (next == null) {
                    BOUND.remove();
                } else {
                    BOUND.set(next);
                }
                return;
            }
            // Closed out of order (a suspended transaction's binding): unlink it where it is.
            for (Node node = head; node != null; node = node.next) {
                if (node.next == this) {
                    node.next = next;
                    return;
                }
            }
        }

        @Override
        public String toString() {
            return "ConnectionBinding[pool " + pool.name() + "]";
        }
    }
}
