package io.momoko;

import java.util.concurrent.CompletableFuture;

/**
 * Reads on standbys ({@link Pool#replicas()}): statements, and connections of one's own for read-only transactions
 * (what a transaction manager needs for {@code @Transactional(readOnly = true)}), on a hot standby within the
 * {@link ReplicaPolicy}, else on the primary or not at all, as the policy says.
 */
public interface Replicas extends SqlOperations<Row> {

    /**
     * Borrows a connection to a readable standby (chosen as for statements). Give it back to the pool it came
     * from with {@link Pool#putConn(Connection)}, which takes the connections of its standbys too.
     *
     * @return a connection of one's own until it is returned
     */
    CompletableFuture<Connection> getConn();
}
