package io.momoko;

import java.util.Map;

/**
 * One row of a result: values by 0-based index or by column name, already converted to Java types.
 *
 * <p>PostgreSQL types arrive as: {@code bool} Boolean; {@code int2/int4/int8} Short/Integer/Long;
 * {@code numeric} BigDecimal; {@code float4/float8} Float/Double; text types String; {@code bytea} byte[];
 * {@code uuid} UUID; {@code date/time/timestamp/timestamptz} LocalDate/LocalTime/LocalDateTime/OffsetDateTime;
 * {@code json/jsonb} Map, List, String, Number or Boolean; arrays List; {@code hstore} Map&lt;String, String&gt;
 * after {@link Connection#registerHstore()}; anything else its text form.
 */
public interface Row {

    /**
     * Returns the number of columns.
     *
     * @return the column count
     */
    int size();

    /**
     * Returns the name of a column.
     *
     * @param index the 0-based column index
     * @return the column's name
     * @throws IndexOutOfBoundsException when there is no such column
     */
    String columnName(int index);

    /**
     * Returns the index of the first column with the given name.
     *
     * @param column the column name
     * @return the 0-based index
     * @throws java.util.NoSuchElementException when no column has that name (the message lists the columns)
     */
    int columnIndex(String column);

    /**
     * Returns a value as its natural Java type.
     *
     * @param index the 0-based column index
     * @return the value, or {@code null} for SQL NULL
     */
    Object get(int index);

    /**
     * Returns a value as its natural Java type.
     *
     * @param column the column name
     * @return the value, or {@code null} for SQL NULL
     */
    default Object get(String column) {
        return get(columnIndex(column));
    }

    /**
     * Returns a value converted to the requested type. Numbers convert when no information is lost,
     * {@code timestamptz} converts to {@link java.time.Instant}, arrays to Java arrays.
     *
     * @param index the 0-based column index
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the value, or {@code null} for SQL NULL
     * @throws UnsupportedTypeException when the value cannot be read as that type
     */
    <T> T get(int index, Class<T> type);

    /**
     * Returns a value converted to the requested type, as {@link #get(int, Class)} does.
     *
     * @param column the column name
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the value, or {@code null} for SQL NULL
     * @throws UnsupportedTypeException when the value cannot be read as that type
     */
    default <T> T get(String column, Class<T> type) {
        return get(columnIndex(column), type);
    }

    /**
     * Returns a text value.
     *
     * @param column the column name
     * @return the value, or {@code null} for SQL NULL
     */
    default String getString(String column) {
        return get(column, String.class);
    }

    /**
     * Returns an integer value.
     *
     * @param column the column name
     * @return the value, or {@code null} for SQL NULL
     */
    default Integer getInteger(String column) {
        return get(column, Integer.class);
    }

    /**
     * Returns a bigint value.
     *
     * @param column the column name
     * @return the value, or {@code null} for SQL NULL
     */
    default Long getLong(String column) {
        return get(column, Long.class);
    }

    /**
     * Returns a boolean value.
     *
     * @param column the column name
     * @return the value, or {@code null} for SQL NULL
     */
    default Boolean getBoolean(String column) {
        return get(column, Boolean.class);
    }

    /**
     * Returns the row as a map from column name to value, in column order.
     *
     * @return a new, modifiable map
     */
    Map<String, Object> toMap();
}
