package io.momoko;

/**
 * A pool's numbers at one moment, in Momoko's five groups.
 *
 * @param name the pool's name
 * @param size the connections opened at start and kept when shrinking
 * @param maxSize the most connections the pool may hold
 * @param free open connections waiting for work
 * @param busy open connections in use
 * @param dead connections that broke or failed to open, to be reconnected on demand
 * @param pending connections being opened
 * @param waiting requests queued for a connection
 */
public record PoolStats(String name, int size, int maxSize, int free, int busy, int dead, int pending, int waiting) {

    /**
     * Returns every connection the pool counts: free, busy, dead and pending.
     *
     * @return the total
     */
    public int total() {
        return free + busy + dead + pending;
    }

    /**
     * Describes the numbers as Momoko did.
     *
     * @return for example {@code Pool[orders]: 2 free, 6 busy, 0 dead, 0 pending, 3 waiting (size 4, maxSize 8)}
     */
    @Override
    public String toString() {
        return "Pool[" + name + "]: " + free + " free, " + busy + " busy, " + dead + " dead, " + pending + " pending, "
                + waiting + " waiting (size " + size + ", maxSize " + maxSize + ")";
    }
}
