package io.momoko.autoconfigure.sql;

import io.momoko.Pool;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

import java.util.Set;

/**
 * Makes every {@link Pool} bean wait for the database initializers (Flyway's migrations, Liquibase's change
 * sets, {@code spring.sql.init} scripts): a pool connects while it is created, and its connections, their
 * {@code setSession} statements and whatever uses the pool next should find the finished schema. Registered
 * in {@code META-INF/spring.factories}.
 */
class PoolDependsOnDatabaseInitializationDetector extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    PoolDependsOnDatabaseInitializationDetector() {
    }

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(Pool.class);
    }
}
