package io.momoko;


import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds a record from each row by matching component names to column names, exactly or as
 * {@code snake_case} to {@code camelCase}.
 *
 * @param <R> the record type
 */
final class RecordMapper<R extends Record> implements CursorFactory<R> {

    /** Word boundaries inside a camelCase name: after an acronym ("HTTP|Status"), then "user|Name". */
    private static final Pattern ACRONYM_END = Pattern.compile("([A-Z])([A-Z][a-z])");
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private final Class<R> type;
    private final RecordComponent[] components;
    private final Constructor<R> constructor;
    /** Each component's name in {@code snake_case}, worked out once rather than per row. */
    private final String[] snakeNames;

    /**
     * Prepares the mapping for a record class.
     *
     * @param type the record class
     */
    RecordMapper(Class<R> type) {
        if (type == null || !type.isRecord()) {
            throw new ProgrammingException("CursorFactory.record needs a record class, got " + type);
        }
        this.type = type;
        this.components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        this.snakeNames = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            snakeNames[i] = snakeCase(components[i].getName());
        }
        try {
            this.constructor = type.getDeclaredConstructor(parameterTypes);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new ProgrammingException("Cannot use the canonical constructor of " + type.getName() + ": " + e);
        }
    }

    private static String snakeCase(String camel) {
        String split = ACRONYM_END.matcher(camel).replaceAll("$1_$2");
        return CAMEL_HUMP.matcher(split).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public R createRow(Row row) {
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            int column = find(row, components[i].getName(), snakeNames[i]);
            Object value = row.get(column, components[i].getType());
            if (value == null && components[i].getType().isPrimitive()) {
                throw new ProgrammingException("Column '" + row.columnName(column) + "' is NULL but record component "
                        + type.getSimpleName() + "." + components[i].getName() + " is a primitive");
            }
            arguments[i] = value;
        }
        try {
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new MomokoException("The constructor of " + type.getName() + " rejected a row", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new MomokoException("Cannot construct " + type.getName(), e);
        }
    }

    private int find(Row row, String component, String snake) {
        for (int i = 0; i < row.size(); i++) {
            String name = row.columnName(i);
            if (name.equals(component) || name.equalsIgnoreCase(snake)) {
                return i;
            }
        }
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            columns.append(i == 0 ? "" : ", ").append(row.columnName(i));
        }
        throw new ProgrammingException("No column for record component " + type.getSimpleName() + "." + component
                + " (looked for '" + component + "' and '" + snake + "'); columns are [" + columns + "]");
    }
}
