package io.momoko;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsnTest {

    @Test
    void parsesAUrl() {
        ConnectOptions options = ConnectOptions.parse(
                "postgresql://app%40corp:s3cr%2Ft@db.example:6543/shop?sslmode=verify-full&application_name=api"
                        + "&connect_timeout=3&options=-c%20search_path%3Dsales");
        assertThat(options.user()).isEqualTo("app@corp");
        assertThat(options.password()).isEqualTo("s3cr/t");
        assertThat(options.host()).isEqualTo("db.example");
        assertThat(options.port()).isEqualTo(6543);
        assertThat(options.database()).isEqualTo("shop");
        assertThat(options.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(options.applicationName()).isEqualTo("api");
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.serverParameters()).containsEntry("search_path", "sales");
    }

    @Test
    void parsesIpv6AndDefaults() {
        ConnectOptions options = ConnectOptions.parse("postgres://[::1]/");
        assertThat(options.host()).isEqualTo("::1");
        assertThat(options.port()).isEqualTo(5432);
        assertThat(options.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(options.database()).isEqualTo(options.user());
        assertThat(options.sslMode()).isEqualTo(SslMode.PREFER);
    }

    @Test
    void parsesKeyValuePairs() {
        ConnectOptions options = ConnectOptions.parse(
                "dbname=test user=postgres host=localhost port=5432 password='it\\'s secret' sslmode = disable");
        assertThat(options.database()).isEqualTo("test");
        assertThat(options.user()).isEqualTo("postgres");
        assertThat(options.host()).isEqualTo("localhost");
        assertThat(options.password()).isEqualTo("it's secret");
        assertThat(options.sslMode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void rejectsBadInputWithoutEchoingThePassword() {
        assertThatThrownBy(() -> ConnectOptions.parse("host=x port=99999"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> ConnectOptions.parse("host=x colour=blue"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Unknown DSN option \"colour\"");
        assertThatThrownBy(() -> ConnectOptions.parse("postgresql://u:pw@h/db?sslmode=sometimes"))
                .hasMessageContaining("Unknown sslmode");
        assertThatThrownBy(() -> ConnectOptions.parse("password=hunter2 secret"))
                .isInstanceOf(ConfigurationException.class).message().doesNotContain("hunter2").doesNotContain("secret");
        assertThatThrownBy(() -> ConnectOptions.parse(" ")).hasMessageContaining("blank");
    }

    @Test
    void readsLibpqKeepaliveSettings() {
        assertThat(ConnectOptions.parse("host=db").keepalive()).isEqualTo(TcpKeepalive.DEFAULT);
        assertThat(ConnectOptions.parse("postgresql://db/shop?keepalives_idle=30&keepalives_interval=5"
                + "&keepalives_count=4").keepalive())
                .isEqualTo(new TcpKeepalive(true, Duration.ofSeconds(30), Duration.ofSeconds(5), 4));
        assertThat(ConnectOptions.parse("host=db keepalives=0").keepalive().enabled()).isFalse();
        assertThat(ConnectOptions.parse("host=db keepalives=0").toBuilder().build().keepalive().enabled()).isFalse();
    }

    @Test
    void rejectsBadKeepaliveSettingsNamingThem() {
        assertThatThrownBy(() -> ConnectOptions.parse("host=db keepalives=yes"))
                .isInstanceOf(ConfigurationException.class).hasMessage("DSN keepalives must be 0 or 1, was 'yes'");
        assertThatThrownBy(() -> ConnectOptions.parse("host=db keepalives_idle=0"))
                .hasMessageContaining("keepalives_idle must be a positive whole number");
        assertThatThrownBy(() -> ConnectOptions.parse("host=db keepalives_count=-2"))
                .hasMessageContaining("keepalives_count");
        assertThatThrownBy(() -> TcpKeepalive.DEFAULT.withIdle(Duration.ofMillis(1500)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("keepalives_idle must be a whole number of seconds, at least 1, was PT1.5S");
        assertThatThrownBy(() -> ConnectOptions.builder().keepalive(null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TcpKeepalive.OFF");
    }

    @Test
    void refusesJdbcAndR2dbcUrlsSayingWhatToWrite() {
        for (String url : new String[] {"jdbc:postgresql://db:5432/shop?password=hunter2",
            "r2dbc:postgresql://app:hunter2@db/shop", "r2dbc:pool:postgresql://db/shop"}) {
            assertThatThrownBy(() -> ConnectOptions.parse(url)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("JDBC and R2DBC URLs are not accepted")
                    .hasMessageContaining("postgresql://user@host:5432/database").message().doesNotContain("hunter2");
        }
        assertThat(ConnectOptions.parse("host=db password=a://b").host()).isEqualTo("db");
    }

    @Test
    void readsSeveralServersAsLibpqDoes() {
        ConnectOptions url = ConnectOptions.parse("postgresql://app@h1:5433,h2,[::1]:5434/shop"
                + "?target_session_attrs=read-write&load_balance_hosts=random");
        assertThat(url.servers()).containsExactly(new ServerAddress("h1", 5433), new ServerAddress("h2", 5432),
                new ServerAddress("::1", 5434));
        assertThat(url.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(url.loadBalanceHosts()).isTrue();
        assertThat(url.toString()).isEqualTo("postgresql://app@h1:5433,h2:5432,[::1]:5434/shop?sslmode=prefer"
                + "&target_session_attrs=read-write&load_balance_hosts=random");
        assertThat(ConnectOptions.parse(url.toString()).servers()).isEqualTo(url.servers());
        assertThat(ConnectOptions.parse("host=h1,h2 port=6000 dbname=x").servers())
                .containsExactly(new ServerAddress("h1", 6000), new ServerAddress("h2", 6000));
        assertThat(ConnectOptions.parse("host=h1,h2 port=6000,6001 dbname=x").servers())
                .containsExactly(new ServerAddress("h1", 6000), new ServerAddress("h2", 6001));
        assertThat(url.forServer(new ServerAddress("h2", 5432)).servers()).containsExactly(new ServerAddress("h2", 5432));
        assertThatThrownBy(() -> ConnectOptions.parse("host=h1,h2,h3 port=1,2")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("3 hosts but 2 ports");
        assertThatThrownBy(() -> ConnectOptions.parse("host=h target_session_attrs=writable"))
                .hasMessageContaining("expected any, read-write, read-only, primary, standby or prefer-standby");
        assertThatThrownBy(() -> ConnectOptions.parse("host=h load_balance_hosts=yes"))
                .hasMessageContaining("disable or random");
    }

    @Test
    void neverShowsThePassword() {
        ConnectOptions options = ConnectOptions.parse("postgresql://app:hunter2@db/shop");
        assertThat(options.toString()).isEqualTo("postgresql://app:***@db:5432/shop?sslmode=prefer")
                .doesNotContain("hunter2");
    }
}
