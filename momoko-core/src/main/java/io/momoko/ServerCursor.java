package io.momoko;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A server-side cursor ({@code DECLARE ... CURSOR}): the server keeps the result and hands it out in
 * batches, so a result of any size can be read with bounded memory. It lives inside a transaction; open one
 * with {@link Connection#cursor(String, Object...)} after {@code BEGIN} (or inside
 * {@link Connection#inTransaction}), and close it, or end the transaction, when done.
 *
 * @param <R> the row type
 */
public interface ServerCursor<R> {

    /**
     * Returns the cursor's name on the server.
     *
     * @return the name, unique on its connection
     */
    String name();

    /**
     * Fetches the next rows.
     *
     * @param count the most rows to fetch, at least 1
     * @return the rows; fewer than {@code count} near the end and none once the result is exhausted
     */
    CompletableFuture<List<R>> fetch(int count);

    /**
     * Closes the cursor on the server; closing twice does nothing.
     *
     * @return completes when closed
     */
    CompletableFuture<Void> close();
}
