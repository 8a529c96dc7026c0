package io.momoko.internal;

import io.momoko.Row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A {@link Row} over values already converted to Momoko's Java types.
 */
final class ResultRow implements Row {

    private final List<String> columns;
    private final Object[] values;

    ResultRow(List<String> columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public String columnName(int index) {
        return columns.get(index);
    }

    @Override
    public int columnIndex(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new NoSuchElementException("No column '" + column + "'; columns are " + columns);
        }
        return index;
    }

    @Override
    public Object get(int index) {
        return values[index];
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        return Values.convert(values[index], type, columns.get(index));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(columns.get(i), values[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return "Row" + toMap();
    }
}
