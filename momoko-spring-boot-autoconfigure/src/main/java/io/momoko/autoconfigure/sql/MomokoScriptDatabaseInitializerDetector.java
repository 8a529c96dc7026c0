package io.momoko.autoconfigure.sql;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

import java.util.Set;

/**
 * Tells Boot that {@link MomokoScriptDatabaseInitializer} beans initialize the database, so that beans which
 * depend on initialization (every {@link io.momoko.Pool}, see {@link PoolDependsOnDatabaseInitializationDetector})
 * are created after the scripts ran. Registered in {@code META-INF/spring.factories}.
 */
class MomokoScriptDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    MomokoScriptDatabaseInitializerDetector() {
    }

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MomokoScriptDatabaseInitializer.class);
    }

    @Override
    public int getOrder() {
        // After the migration tools (default order), with Boot's own script initializers.
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
