package io.momoko.autoconfigure.jdbc;

import io.momoko.ConnectOptions;
import io.momoko.autoconfigure.ConnectOptionsConnectionDetails;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC URL reaches the same server the same way, and never carries the password. */
class JdbcUrlsTests {

    @Test
    void everyOptionOfTheMomokoUrlReachesTheJdbcUrl() {
        ConnectOptions options = ConnectOptions.parse("postgresql://app:s3cret@db.example.com:6432/shop%20db"
                + "?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem&application_name=my%20app&connect_timeout=3"
                + "&keepalives=0&options=-c%20statement_timeout%3D5000");
        assertThat(JdbcUrls.of(options)).isEqualTo("jdbc:postgresql://db.example.com:6432/shop%20db?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fssl%2Fdb-ca.pem&ApplicationName=my%20app&connectTimeout=3&tcpKeepAlive=false"
                + "&options=-c%20statement_timeout%3D5000");
    }

    @Test
    void ipv6HostsAreBracketedAndASubSecondTimeoutIsNotRoundedToForever() {
        ConnectOptions options = ConnectOptions.builder().host("::1").database("test").user("postgres")
                .connectTimeout(java.time.Duration.ofMillis(200)).build();
        assertThat(JdbcUrls.of(options)).startsWith("jdbc:postgresql://[::1]:5432/test?sslmode=prefer")
                .contains("connectTimeout=1&");
    }

    @Test
    void thePasswordStaysOutOfTheUrlAndTheDescription() {
        MomokoJdbcConnectionDetails details = new MomokoJdbcConnectionDetails(
                urlDetails("postgresql://app:s3cret@db/shop"));
        assertThat(details.getPassword()).isEqualTo("s3cret");
        assertThat(details.getUsername()).isEqualTo("app");
        assertThat(details.getJdbcUrl()).doesNotContain("s3cret");
        assertThat(details).hasToString("MomokoJdbcConnectionDetails[jdbc:postgresql://db:5432/shop?sslmode=prefer"
                + "&connectTimeout=10&tcpKeepAlive=true, user=app]");
        assertThat(new MomokoFlywayConnectionDetails(details).toString()).doesNotContain("s3cret");
    }

    /** Connection details from a URL alone, as a service connection would give them. */
    static MomokoConnectionDetails urlDetails(String url) {
        return new ConnectOptionsConnectionDetails(() -> ConnectOptions.parse(url));
    }
}
