package io.momoko.internal;

import io.momoko.UnsupportedTypeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts between Vert.x's JSON types and plain Java maps and lists, so that no Vert.x type reaches
 * callers.
 */
final class Json {

    private Json() {
    }

    static Object toVertx(Object value) {
        if (value instanceof Map) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                String key = String.valueOf(entry.getKey());
                PgType.requireNoNul(key, "a key of a JSON value");
                map.put(key, toVertx(entry.getValue()));
            }
            return new JsonObject(map);
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            for (Object element : (List<?>) value) {
                list.add(toVertx(element));
            }
            return new JsonArray(list);
        }
        if (value instanceof String text) {
            PgType.requireNoNul(text, "a string inside a JSON value");
            return text;
        }
        if (value == null || value instanceof Number || value instanceof Boolean
                || value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof Character || value instanceof UUID
                || value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        throw new UnsupportedTypeException("Cannot send a " + value.getClass().getName() + " inside a JSON value: "
                + "use maps, lists, strings, numbers, booleans and nulls (or convert the object to one first)");
    }

    static Object toJava(Object value) {
        if (value instanceof JsonObject) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : (JsonObject) value) {
                map.put(entry.getKey(), toJava(entry.getValue()));
            }
            return map;
        }
        if (value instanceof JsonArray) {
            List<Object> list = new ArrayList<>();
            for (Object element : (JsonArray) value) {
                list.add(toJava(element));
            }
            return list;
        }
        if (value == Tuple.JSON_NULL) {
            return null;
        }
        return value;
    }

    static String encode(Object value) {
        Object vertx = toVertx(value);
        if (vertx instanceof JsonObject) {
            return ((JsonObject) vertx).encode();
        }
        if (vertx instanceof JsonArray) {
            return ((JsonArray) vertx).encode();
        }
        return io.vertx.core.json.Json.encode(vertx);
    }
}
