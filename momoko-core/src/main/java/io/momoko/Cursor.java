package io.momoko;

import java.util.List;

/**
 * The result of one statement, held in memory: the rows it returned (if any), their description and the
 * number of rows it returned or changed. Reading is not thread-safe; hand a cursor to one reader.
 *
 * <p>For results too large to hold, use a server-side cursor instead.
 *
 * @param <R> the row type, decided by the {@link CursorFactory}
 */
public interface Cursor<R> extends Iterable<R> {

    /**
     * Returns the number of rows the statement returned (for queries) or changed (for INSERT, UPDATE,
     * DELETE), as the server reported it.
     *
     * @return the row count
     */
    int rowCount();

    /**
     * Describes the result's columns.
     *
     * @return the columns in order; empty when the statement returns no rows (an UPDATE, say)
     */
    List<Column> description();

    /**
     * Returns the next row.
     *
     * @return the row, or {@code null} when every row has been read
     * @throws ProgrammingException when the statement returned no result set
     */
    R fetchOne();

    /**
     * Returns up to {@code size} further rows.
     *
     * @param size the most rows to return, at least 0
     * @return the rows, fewer than {@code size} (possibly none) at the end
     * @throws ProgrammingException when the statement returned no result set
     */
    List<R> fetchMany(int size);

    /**
     * Returns every row not read yet.
     *
     * @return the remaining rows
     * @throws ProgrammingException when the statement returned no result set
     */
    List<R> fetchAll();
}
