package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.ReplicatedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several servers on real streaming replication: a primary and a hot standby ({@link ReplicatedCluster}).
 */
class ReplicationTest {

    private static ReplicatedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicatedCluster.start(false);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Which server a new connection reached. */
    private static String reached(String servers, String query) {
        Connection connection = result(Momoko.connect(ConnectOptions.parse(ReplicatedCluster.url(servers, query))));
        try {
            return Boolean.TRUE.equals(result(connection.execute("SELECT pg_is_in_recovery()")).fetchOne().get(0))
                    ? "standby" : "primary";
        } finally {
            result(connection.close());
        }
    }

    @Test
    void everyTargetSessionAttrsPicksTheServerThatFits() {
        String primaryFirst = cluster.primaryServer() + "," + cluster.standbyServer();
        String standbyFirst = cluster.standbyServer() + "," + cluster.primaryServer();
        for (String servers : new String[] {primaryFirst, standbyFirst}) {
            assertThat(reached(servers, "target_session_attrs=read-write")).isEqualTo("primary");
            assertThat(reached(servers, "target_session_attrs=primary")).isEqualTo("primary");
            assertThat(reached(servers, "target_session_attrs=read-only")).isEqualTo("standby");
            assertThat(reached(servers, "target_session_attrs=standby")).isEqualTo("standby");
            assertThat(reached(servers, "target_session_attrs=prefer-standby")).isEqualTo("standby");
        }
        assertThat(reached(primaryFirst, "target_session_attrs=any")).isEqualTo("primary");
        assertThat(reached(standbyFirst, "target_session_attrs=any")).isEqualTo("standby");
        assertThat(reached(cluster.primaryServer(), "target_session_attrs=prefer-standby")).isEqualTo("primary");
        assertThat(failure(Momoko.connect(ConnectOptions.parse(ReplicatedCluster.url(cluster.standbyServer(),
                "target_session_attrs=primary")))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("no server fits target_session_attrs=primary")
                .hasMessageContaining(cluster.standbyServer() + ": a standby");
        assertThat(failure(Momoko.connect(ConnectOptions.parse(ReplicatedCluster.url(cluster.standbyServer(),
                "target_session_attrs=read-write")))))
                .hasMessageContaining(cluster.standbyServer() + ": read-only");
    }

    @Test
    void loadBalancingUsesBothServers() {
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            reached.add(reached(cluster.primaryServer() + "," + cluster.standbyServer(), "load_balance_hosts=random"));
        }
        assertThat(reached).containsExactlyInAnyOrder("primary", "standby");
    }

    private static Pool replicatedPool(ReplicaPolicy policy) {
        return result(Pool.builder().url(ReplicatedCluster.url(cluster.primaryServer() + "," + cluster.standbyServer(),
                "target_session_attrs=read-write")).size(2).replicaPolicy(policy).build().connect());
    }

    /** Where a read through replicas() ran, and how many rows of the id it saw. */
    private static String readOnReplica(Pool pool, String table, int id) {
        Row row = result(pool.replicas().execute("SELECT pg_is_in_recovery(), count(*) FROM " + table
                + " WHERE id = %s", id)).fetchOne();
        return (Boolean.TRUE.equals(row.get(0)) ? "standby" : "primary") + " sees " + row.get(1);
    }

    @Test
    void readsGoToTheStandbyAndSeeReplicatedRows() {
        Pool pool = replicatedPool(ReplicaPolicy.DEFAULT.withCheckInterval(Duration.ofMillis(200)));
        String table = "replicated_" + Long.toHexString(System.nanoTime());
        try {
            result(pool.execute("CREATE TABLE " + table + " (id int)"));
            // Each server's check finishes on its own: wait for both.
            Await.until("both servers checked, the standby readable", () -> pool.servers().stream()
                    .noneMatch(server -> server.role() == ServerStatus.Role.UNKNOWN) && pool.servers().stream()
                    .anyMatch(server -> server.role() == ServerStatus.Role.STANDBY && server.readable()));
            assertThat(pool.servers()).extracting(ServerStatus::role)
                    .containsExactly(ServerStatus.Role.PRIMARY, ServerStatus.Role.STANDBY);
            assertThat(pool.servers().get(0).readable()).as("the primary takes no replica reads").isFalse();
            result(pool.execute("INSERT INTO " + table + " VALUES (1)"));
            Await.until("the row replicated", () -> readOnReplica(pool, table, 1).equals("standby sees 1"));
            Connection onStandby = result(pool.replicas().getConn());
            assertThat(result(onStandby.execute("SELECT pg_is_in_recovery()")).fetchOne().get(0)).isEqualTo(true);
            result(pool.putConn(onStandby));
            assertThat(pool.servers()).hasSize(2);
            assertThat(Await.failure(pool.putConn(onStandby))).as("given back once only")
                    .isInstanceOf(ProgrammingException.class);
            assertThat(Await.failure(pool.replicas().execute("INSERT INTO " + table + " VALUES (2)")))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("25006");
            assertThat(result(pool.execute("SELECT pg_is_in_recovery()")).fetchOne().get(0))
                    .as("the pool itself writes to the primary").isEqualTo(false);
        } finally {
            result(pool.execute("DROP TABLE IF EXISTS " + table));
            result(pool.close());
        }
    }

    @Test
    void aLaggingStandbyStopsGettingReadsUntilItCatchesUp() {
        Duration interval = Duration.ofMillis(200);
        Pool pool = replicatedPool(ReplicaPolicy.DEFAULT.withCheckInterval(interval).withMaxLag(Duration.ZERO));
        Pool strict = replicatedPool(ReplicaPolicy.DEFAULT.withCheckInterval(interval).withMaxLag(Duration.ZERO)
                .withFallBackToPrimary(false));
        String table = "lagging_" + Long.toHexString(System.nanoTime());
        try {
            result(pool.execute("CREATE TABLE " + table + " (id int)"));
            Await.until("the row replicated", () -> readOnReplica(pool, table, 1).equals("standby sees 0"));
            cluster.pauseReplay();
            try {
                result(pool.execute("INSERT INTO " + table + " VALUES (1)"));
                long written = System.nanoTime();
                Await.until("reads leave the lagging standby", () -> readOnReplica(pool, table, 1)
                        .equals("primary sees 1"));
                Duration noticed = Duration.ofNanos(System.nanoTime() - written);
                System.out.println("A lagging standby stopped getting reads " + noticed.toMillis()
                        + " ms after the write it did not replay (check interval " + interval.toMillis() + " ms)");
                assertThat(pool.servers().get(1)).satisfies(standby -> {
                    assertThat(standby.role()).isEqualTo(ServerStatus.Role.STANDBY);
                    assertThat(standby.readable()).isFalse();
                    assertThat(standby.lag()).isPositive();
                });
                Await.until("the strict pool notices too", () -> !strict.servers().get(1).readable());
                assertThat(Await.failure(strict.replicas().execute("SELECT 1")))
                        .isInstanceOf(DatabaseNotAvailableException.class).hasMessageContaining("no standby within maxLag");
            } finally {
                cluster.resumeReplay();
            }
            Await.until("reads return to the standby", () -> readOnReplica(pool, table, 1).equals("standby sees 1"));
        } finally {
            result(pool.execute("DROP TABLE IF EXISTS " + table));
            result(pool.close());
            result(strict.close());
        }
    }
}
