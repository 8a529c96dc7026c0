package io.momoko.autoconfigure.test;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's own test, as the README shows it: one annotation, no {@code momoko.url}, no Docker; the
 * application's {@code spring.sql.init} script runs on the embedded server before the pool starts.
 */
@SpringBootTest(classes = UserApplicationTests.ShopApplication.class, properties = {
        "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:user-app/schema.sql" })
@AutoConfigureMomokoTestDatabase
class UserApplicationTests {

    @Autowired
    private Pool pool;

    @Autowired
    private MomokoConnectionDetails connectionDetails;

    @Test
    void thePoolTalksToARealEmbeddedPostgresql() {
        assertThat(connectionDetails).isInstanceOf(EmbeddedMomokoConnectionDetails.class);
        assertThat(pool.execute("SELECT text FROM greetings WHERE id = %s", 1).join().fetchOne().getString("text"))
                .isEqualTo("hello from the embedded database");
        assertThat(pool.execute("SHOW server_version_num").join().fetchOne().getString("server_version_num"))
                .satisfies(version -> assertThat(Integer.parseInt(version)).isGreaterThanOrEqualTo(140000));
    }

    /** Stands for the user's {@code @SpringBootApplication}. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {
    }
}
