package io.momoko;


import java.util.Map;

/**
 * Turns each {@link Row} of a result into the type the caller wants, like psycopg2's {@code cursor_factory}.
 * Set one for a connection with {@link Connection#withCursorFactory(CursorFactory)}.
 *
 * @param <R> the row type produced
 */
@FunctionalInterface
public interface CursorFactory<R> {

    /**
     * Converts one row.
     *
     * @param row the row as the driver read it
     * @return the caller's representation of it
     */
    R createRow(Row row);

    /**
     * Returns the default factory: rows as {@link Row}.
     *
     * @return a factory that returns each row unchanged
     */
    static CursorFactory<Row> row() {
        return row -> row;
    }

    /**
     * Returns a factory of column-name to value maps, like psycopg2's {@code RealDictCursor}.
     *
     * @return a factory of modifiable, column-ordered maps
     */
    static CursorFactory<Map<String, Object>> map() {
        return Row::toMap;
    }

    /**
     * Returns a factory that builds a Java record per row, matching each record component to the column
     * of the same name ({@code created_at} also matches a component {@code createdAt}).
     *
     * @param type the record class
     * @param <R> the record type
     * @return a factory of records
     * @throws ProgrammingException when the type is not a record; a missing column fails at the first row
     */
    static <R extends Record> CursorFactory<R> record(Class<R> type) {
        return new RecordMapper<>(type);
    }
}
