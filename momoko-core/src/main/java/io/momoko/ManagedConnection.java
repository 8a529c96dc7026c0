package io.momoko;

/**
 * A connection borrowed with {@link Pool#getConn()} that goes back to the pool when closed, for
 * try-with-resources (Momoko's {@code manage}).
 *
 * <pre>{@code
 * try (ManagedConnection managed = pool.manage(conn)) {
 *     managed.connection().execute(...);
 * } // returned here, even when the block throws
 * }</pre>
 *
 * <p>{@link #close()} does not block: it starts the return and the reset of the connection.
 */
public interface ManagedConnection extends AutoCloseable {

    /**
     * Returns the borrowed connection.
     *
     * @return the connection
     */
    Connection connection();

    /**
     * Gives the connection back to the pool, once; later calls do nothing.
     */
    @Override
    void close();
}
