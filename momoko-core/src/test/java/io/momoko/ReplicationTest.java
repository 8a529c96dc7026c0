package io.momoko;

import io.momoko.test.ReplicatedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
