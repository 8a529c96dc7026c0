package io.momoko.internal;

import io.momoko.Column;
import io.momoko.Cursor;
import io.momoko.CursorFactory;
import io.momoko.ProgrammingException;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.desc.ColumnDescriptor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link Cursor} over a result the Vert.x client has fully read. Rows are converted lazily, as fetched.
 *
 * @param <R> the row type
 */
final class ResultCursor<R> implements Cursor<R> {

    private final int rowCount;
    private final List<Column> description;
    private final List<String> columnNames;
    private final boolean[] hstoreCandidates;
    /**
     * Per column, the type name when the driver decodes that type badly (void as "", oid as text), else
     * {@code null}: decided once per result, so other columns cost nothing per row.
     */
    private final String[] fixedByType;
    private final List<io.vertx.sqlclient.Row> rows;
    private final CursorFactory<R> factory;
    private int next;

    ResultCursor(RowSet<io.vertx.sqlclient.Row> result, CursorFactory<R> factory, boolean hstore) {
        List<ColumnDescriptor> descriptors = result.columnDescriptors();
        List<Column> columns = new ArrayList<>(descriptors == null ? 0 : descriptors.size());
        List<String> names = new ArrayList<>(columns.size());
        boolean[] candidates = new boolean[descriptors == null ? 0 : descriptors.size()];
        for (int i = 0; i < candidates.length; i++) {
            ColumnDescriptor descriptor = descriptors.get(i);
            columns.add(new Column(descriptor.name(), descriptor.typeName()));
            names.add(descriptor.name());
            // The driver reads types it does not know, hstore among them, as text and calls them UNKNOWN.
            candidates[i] = hstore && "UNKNOWN".equals(descriptor.typeName());
        }
        this.description = Collections.unmodifiableList(columns);
        this.columnNames = Collections.unmodifiableList(names);
        this.hstoreCandidates = candidates;
        this.fixedByType = columns.stream().map(Column::typeName)
                .map(type -> "VOID".equals(type) || "OID".equals(type) ? type : null).toArray(String[]::new);
        List<io.vertx.sqlclient.Row> materialized = new ArrayList<>(result.size());
        result.forEach(materialized::add);
        this.rows = materialized;
        this.rowCount = result.rowCount();
        this.factory = factory;
    }

    @Override
    public int rowCount() {
        return rowCount;
    }

    @Override
    public List<Column> description() {
        return description;
    }

    @Override
    public R fetchOne() {
        requireResultSet();
        return next < rows.size() ? convert(rows.get(next++)) : null;
    }

    @Override
    public List<R> fetchMany(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("fetchMany size must be >= 0, was " + size);
        }
        requireResultSet();
        int end = Math.min(rows.size(), next + size);
        List<R> out = new ArrayList<>(end - next);
        while (next < end) {
            out.add(convert(rows.get(next++)));
        }
        return out;
    }

    @Override
    public List<R> fetchAll() {
        return fetchMany(rows.size() - next);
    }

    @Override
    public Iterator<R> iterator() {
        requireResultSet();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next < rows.size();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return convert(rows.get(next++));
            }
        };
    }

    private void requireResultSet() {
        if (description.isEmpty()) {
            throw new ProgrammingException("No results to fetch: the statement returned no result set (rowCount "
                    + rowCount + ")");
        }
    }

    private R convert(io.vertx.sqlclient.Row row) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = Values.decode(row.getValue(i), hstoreCandidates[i]);
            values[i] = fixedByType[i] == null ? value : Values.byColumnType(value, fixedByType[i]);
        }
        return factory.createRow(new ResultRow(columnNames, values));
    }

    @Override
    public String toString() {
        return "Cursor[rowCount=" + rowCount + ", columns=" + columnNames + ", position=" + next + "]";
    }
}
