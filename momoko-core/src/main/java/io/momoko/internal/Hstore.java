package io.momoko.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of the {@code hstore} extension type: {@code "key"=>"value", "other"=>NULL}.
 */
final class Hstore {

    private Hstore() {
    }

    static String format(Map<?, ?> map) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            quote(out, (String) entry.getKey());
            out.append("=>");
            if (entry.getValue() == null) {
                out.append("NULL");
            } else {
                quote(out, (String) entry.getValue());
            }
        }
        return out.toString();
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /**
     * Parses the server's output form.
     *
     * @param text the hstore text
     * @return the map, or {@code null} when the text is not in hstore's output form
     */
    static Map<String, String> parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        int[] at = {0};
        skipSpaces(text, at);
        while (at[0] < text.length()) {
            String key = quotedToken(text, at);
            if (key == null || !text.startsWith("=>", at[0])) {
                return null;
            }
            at[0] += 2;
            String value;
            if (text.startsWith("NULL", at[0])) {
                value = null;
                at[0] += 4;
            } else {
                value = quotedToken(text, at);
                if (value == null) {
                    return null;
                }
            }
            map.put(key, value);
            skipSpaces(text, at);
            if (at[0] < text.length()) {
                if (text.charAt(at[0]) != ',') {
                    return null;
                }
                at[0]++;
                skipSpaces(text, at);
            }
        }
        return map;
    }

    private static String quotedToken(String text, int[] at) {
        if (at[0] >= text.length() || text.charAt(at[0]) != '"') {
            return null;
        }
        StringBuilder token = new StringBuilder();
        int i = at[0] + 1;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\\' && i < text.length()) {
                token.append(text.charAt(i++));
            } else if (c == '"') {
                at[0] = i;
                return token.toString();
            } else {
                token.append(c);
            }
        }
        return null;
    }

    private static void skipSpaces(String text, int[] at) {
        while (at[0] < text.length() && text.charAt(at[0]) == ' ') {
            at[0]++;
        }
    }
}
