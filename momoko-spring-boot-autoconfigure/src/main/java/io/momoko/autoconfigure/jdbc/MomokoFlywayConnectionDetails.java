package io.momoko.autoconfigure.jdbc;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Where Flyway migrates: the Momoko pool's database, through its JDBC form. Boot's Flyway support reads only
 * {@link FlywayConnectionDetails} (or a {@code DataSource}) for its target, never {@link JdbcConnectionDetails},
 * so this adapts one to the other. {@link #toString()} shows no password.
 */
class MomokoFlywayConnectionDetails implements FlywayConnectionDetails {

    private final JdbcConnectionDetails jdbc;

    MomokoFlywayConnectionDetails(JdbcConnectionDetails jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String getJdbcUrl() {
        return jdbc.getJdbcUrl();
    }

    @Override
    public String getUsername() {
        return jdbc.getUsername();
    }

    @Override
    public String getPassword() {
        return jdbc.getPassword();
    }

    @Override
    public String getDriverClassName() {
        return jdbc.getDriverClassName();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + jdbc + "]";
    }
}
