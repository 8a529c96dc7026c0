package io.momoko.bench;

/** What each operation of a run does; every system runs the same SQL against the same table. */
enum Workload {
    /** {@code SELECT 1}: the pool's and driver's own overhead. */
    SELECT_1("SELECT 1"),
    /** One row by primary key. */
    PK_LOOKUP("SELECT id, balance, name FROM bench_accounts WHERE id = $1"),
    /** Twenty rows in key order. */
    FETCH_20("SELECT id, balance, name FROM bench_accounts WHERE id >= $1 ORDER BY id LIMIT 20"),
    /** Three independent primary-key lookups at once, joined. */
    FANOUT_3("SELECT id, balance, name FROM bench_accounts WHERE id = $1"),
    /** BEGIN; UPDATE one row; COMMIT. */
    WRITE_TX("UPDATE bench_accounts SET balance = balance + 1 WHERE id = $1");

    static final int ROWS = 100_000;

    final String sql;

    Workload(String sql) {
        this.sql = sql;
    }
}
