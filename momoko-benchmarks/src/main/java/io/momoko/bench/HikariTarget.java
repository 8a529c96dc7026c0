package io.momoko.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.momoko.ConnectOptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * HikariCP with pgjdbc, driven as its users drive it: each of {@code concurrency} threads (platform, or virtual
 * on JDK 21+) loops synchronously, borrowing a connection per operation. A fan-out runs its three lookups on
 * a separate executor and waits for them; {@link #run} (the open loop) hands an operation to that executor.
 */
final class HikariTarget implements Target, Target.Blocking {

    private final String name;
    private final boolean virtual;
    private final HikariDataSource dataSource;
    private final ExecutorService fanout;

    private HikariTarget(String name, ConnectOptions options, int size, int concurrency, boolean virtual) {
        this.name = name;
        this.virtual = virtual;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + options.host() + ":" + options.port() + "/" + options.database()
                + "?sslmode=disable");
        config.setUsername(options.user());
        if (options.password() != null) {
            config.setPassword(options.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName(name);
        this.dataSource = new HikariDataSource(config);
        this.fanout = Threads.executor(virtual, Math.max(3, concurrency * 3));
    }

    static HikariTarget platform(ConnectOptions options, int size, int concurrency) {
        return new HikariTarget("hikari", options, size, concurrency, false);
    }

    /** Virtual threads; only on JDK 21 and newer ({@link Threads#virtualAvailable()}). */
    static HikariTarget virtual(ConnectOptions options, int size, int concurrency) {
        return new HikariTarget("hikari-virtual", options, size, concurrency, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Blocking blocking() {
        return this;
    }

    @Override
    public boolean virtualThreads() {
        return virtual;
    }

    @Override
    public int call(Workload workload, int key) throws Exception {
        if (workload == Workload.FANOUT_3) {
            Future<Integer> first = fanout.submit(() -> once(Workload.PK_LOOKUP, key));
            Future<Integer> second = fanout.submit(() -> once(Workload.PK_LOOKUP, Workload.fanoutKey(key, 1)));
            Future<Integer> third = fanout.submit(() -> once(Workload.PK_LOOKUP, Workload.fanoutKey(key, 2)));
            return first.get() + second.get() + third.get();
        }
        return once(workload, key);
    }

    @Override
    public CompletionStage<Integer> run(Workload workload, int key) {
        return Threads.supply(this, workload, key, fanout);
    }

    private int once(Workload workload, int key) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return execute(connection, workload, key);
        }
    }

    private static int execute(Connection connection, Workload workload, int key) throws SQLException {
        if (workload == Workload.WRITE_TX) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(workload.sql.replace("$1", "?"))) {
                statement.setInt(1, key);
                int updated = statement.executeUpdate();
                connection.commit();
                return updated;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(workload.sql.replace("$1", "?"))) {
            if (workload != Workload.SELECT_1) {
                statement.setInt(1, key);
            }
            int rows = 0;
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    for (int i = 1; i <= columns; i++) {
                        Sink.consume(result.getObject(i));
                    }
                    rows++;
                }
            }
            return rows;
        }
    }

    @Override
    public void close() {
        fanout.shutdownNow();
        dataSource.close();
    }
}
