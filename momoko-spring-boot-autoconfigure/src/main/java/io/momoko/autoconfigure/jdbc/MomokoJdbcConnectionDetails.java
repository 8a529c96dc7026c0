package io.momoko.autoconfigure.jdbc;

import io.momoko.ConnectOptions;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Boot's {@link JdbcConnectionDetails} for the database the Momoko pool uses, read from
 * {@link MomokoConnectionDetails} whenever asked (so a rotated password is picked up): JDBC tools such as
 * Flyway reach the same database with no second URL. {@link #toString()} shows no password.
 */
class MomokoJdbcConnectionDetails implements JdbcConnectionDetails {

    private static final String DRIVER = "org.postgresql.Driver";

    private final MomokoConnectionDetails momoko;

    MomokoJdbcConnectionDetails(MomokoConnectionDetails momoko) {
        this.momoko = momoko;
    }

    @Override
    public String getJdbcUrl() {
        return JdbcUrls.of(momoko.getConnectOptions());
    }

    @Override
    public String getUsername() {
        return momoko.getConnectOptions().user();
    }

    @Override
    public String getPassword() {
        return momoko.getConnectOptions().password();
    }

    @Override
    public String getDriverClassName() {
        return DRIVER;
    }

    @Override
    public String toString() {
        ConnectOptions options = momoko.getConnectOptions();
        return getClass().getSimpleName() + "[" + getJdbcUrl() + ", user=" + options.user() + "]";
    }
}
