package io.momoko.test;

import io.momoko.Connection;

/**
 * Counts a pool's sessions on the server ({@code pg_stat_activity}), found by the application name the pool
 * connects with (give each pool its own: {@link TestPools#builder(String, io.momoko.ConnectOptions)}).
 * Asked through a connection of the test's own, so the pool under test is not involved in checking itself.
 */
public final class PgActivity {

    private PgActivity() {
    }

    /**
     * Counts the sessions with this application name.
     *
     * @param admin the test's own connection
     * @param applicationName the pool's application name
     * @return how many
     */
    public static long sessions(Connection admin, String applicationName) {
        return count(admin, "", applicationName);
    }

    /**
     * Counts the sessions with this application name whose state matches a {@code LIKE} pattern
     * ({@code "active"}, {@code "idle in transaction%"}).
     *
     * @param admin the test's own connection
     * @param applicationName the pool's application name
     * @param state the pattern
     * @return how many
     */
    public static long sessions(Connection admin, String applicationName, String state) {
        return count(admin, " AND state LIKE %s", applicationName, state);
    }

    /**
     * Counts the sessions with this application name running a statement whose text matches a {@code LIKE}
     * pattern.
     *
     * @param admin the test's own connection
     * @param applicationName the pool's application name
     * @param query the pattern, e.g. {@code "%pg_sleep(30)%"}
     * @return how many
     */
    public static long running(Connection admin, String applicationName, String query) {
        return count(admin, " AND state = 'active' AND query LIKE %s", applicationName, query);
    }

    private static long count(Connection admin, String condition, Object... params) {
        return Await.result(admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
                + condition, params)).fetchOne().get(0, Long.class);
    }
}
