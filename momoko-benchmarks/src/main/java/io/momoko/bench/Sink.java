package io.momoko.bench;

/**
 * Where every target puts every column value it reads, so that each system does the same work (decode every
 * value) and none can skip it: the values are folded into a hash the JIT cannot prove unused.
 */
final class Sink {

    private static volatile long hash;

    private Sink() {
    }

    /** Takes one value read from a row. */
    static void consume(Object value) {
        if (value != null) {
            // A racy read-modify-write is fine: only the dependence on the value matters, not the total.
            hash = hash * 31 + value.hashCode();
        }
    }

    /** The folded hash, printed once per run so it is observably used. */
    static long value() {
        return hash;
    }
}
