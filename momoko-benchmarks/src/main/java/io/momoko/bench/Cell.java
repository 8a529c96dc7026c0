package io.momoko.bench;

/** One measured configuration: a workload at a pool size and a concurrency (closed loop). */
record Cell(Workload workload, int poolSize, int concurrency) {

    /** The form a forked JVM receives it in ({@code -Dbench.cells}). */
    String encode() {
        return workload + ":" + poolSize + ":" + concurrency;
    }

    static Cell decode(String text) {
        String[] f = text.split(":");
        return new Cell(Workload.valueOf(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
    }
}
