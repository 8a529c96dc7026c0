package io.momoko.bench;

import java.util.concurrent.ThreadLocalRandom;

/** What each operation of a run does; every system runs the same SQL against the same table. */
enum Workload {
    /** {@code SELECT 1}: the pool's and driver's own overhead. */
    SELECT_1("SELECT 1", 1),
    /** One row by primary key. */
    PK_LOOKUP("SELECT id, balance, name FROM bench_accounts WHERE id = $1", 1),
    /** Twenty rows in key order. */
    FETCH_20("SELECT id, balance, name FROM bench_accounts WHERE id >= $1 ORDER BY id LIMIT 20", 20),
    /** Three independent primary-key lookups at once, joined. */
    FANOUT_3("SELECT id, balance, name FROM bench_accounts WHERE id = $1", 3),
    /** BEGIN; UPDATE one row; COMMIT. */
    WRITE_TX("UPDATE bench_accounts SET balance = balance + 1 WHERE id = $1", 1);

    static final int ROWS = 100_000;

    final String sql;
    /** Rows read (or updated) by one operation; an operation that reports another count is an error. */
    final int expectedRows;

    Workload(String sql, int expectedRows) {
        this.sql = sql;
        this.expectedRows = expectedRows;
    }

    /** A key every operation of every workload finds its full row count from (20 rows from it exist). */
    static int randomKey() {
        return ThreadLocalRandom.current().nextInt(ROWS - 20) + 1;
    }

    /** The other two keys of a fan-out. */
    static int fanoutKey(int key, int i) {
        return (key + 7 * i) % (ROWS - 20) + 1;
    }
}
