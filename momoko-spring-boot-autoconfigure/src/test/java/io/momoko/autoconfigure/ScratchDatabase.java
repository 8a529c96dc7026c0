package io.momoko.autoconfigure;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.Momoko;
import io.momoko.test.TestDatabase;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty database on the test server for one test, so that migrations and scripts start from nothing
 * even when the server is shared; dropped on {@link #close()}.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;

    private ScratchDatabase(String name) {
        this.name = name;
    }

    /**
     * Creates a database with a name no other test uses.
     *
     * @return the database
     */
    public static ScratchDatabase create() {
        String name = "momoko_scratch_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin("CREATE DATABASE " + name);
        return new ScratchDatabase(name);
    }

    /**
     * Returns the database's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the test server's options pointing at this database.
     *
     * @return the options
     */
    public ConnectOptions options() {
        return TestDatabase.get().options().toBuilder().database(name).build();
    }

    /**
     * Returns the {@code momoko.*} properties naming this database, for a context runner.
     *
     * @return {@code key=value} pairs
     */
    public String[] properties() {
        ConnectOptions db = options();
        return new String[] { "momoko.host=" + db.host(), "momoko.port=" + db.port(), "momoko.database=" + db.database(),
                "momoko.username=" + db.user(), "momoko.password=" + (db.password() == null ? "" : db.password()),
                "momoko.ssl-mode=" + db.sslMode().dsnValue() };
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        Connection connection = Momoko.connect(TestDatabase.get().options()).join();
        try {
            connection.execute(sql).join();
        } finally {
            connection.close().join();
        }
    }
}
