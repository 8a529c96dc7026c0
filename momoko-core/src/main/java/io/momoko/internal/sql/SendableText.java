package io.momoko.internal.sql;

import io.momoko.ProgrammingException;

/**
 * Text PostgreSQL can take: no NUL character (its text types cannot hold one) and no lone UTF-16 surrogate (the
 * encoder would silently send {@code ?} in its place, so the server would store other text than given).
 * Checked for statements and for text parameters alike.
 */
public final class SendableText {

    private SendableText() {
    }

    /**
     * Refuses text the server cannot take.
     *
     * @param text the text
     * @param what what it is, for the message ("the statement", "parameter 'name'")
     * @throws ProgrammingException naming the character and its index
     */
    public static void require(String text, String what) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new ProgrammingException("Cannot send " + what + ": it contains a NUL character (\\u0000) at index "
                    + nul + ", which PostgreSQL text cannot hold; use bytea for binary data");
        }
        int lone = loneSurrogate(text);
        if (lone >= 0) {
            throw new ProgrammingException("Cannot send " + what + ": it contains a lone UTF-16 surrogate "
                    + "(\\u" + Integer.toHexString(text.charAt(lone)) + ") at index " + lone
                    + ", which is not a character and has no UTF-8 form");
        }
    }

    /** The index of a surrogate that is not half of a pair, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
