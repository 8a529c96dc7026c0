package io.momoko.autoconfigure.test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@code @SpringBootTest} a real PostgreSQL with nothing installed and no Docker: an embedded server
 * (io.zonky.test's binaries in a jar) is started once per JVM and becomes the Momoko pool's
 * {@link io.momoko.autoconfigure.MomokoConnectionDetails}. A test that sets {@code momoko.url} or
 * {@code momoko.host}, or has its own connection details (a {@code @ServiceConnection} container), keeps them.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureMomokoTestDatabase
 * class OrderServiceTests { ... }
 * }</pre>
 *
 * <p>Every test context of the JVM shares the server and its database {@code postgres}; Flyway migrations and
 * {@code spring.sql.init} scripts run on it as on any other database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureMomokoTestDatabase {
}
