package io.momoko.test;

import io.momoko.ConnectOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real PostgreSQL: declare a {@link TestDatabase} or {@link ConnectOptions} parameter on a
 * test method, constructor or lifecycle method.
 *
 * <pre>{@code
 * @ExtendWith(TestDatabaseExtension.class)
 * class MyTest {
 *     @Test void works(TestDatabase db) { ... db.options() ... }
 * }
 * }</pre>
 */
public final class TestDatabaseExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == ConnectOptions.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestDatabase database = TestDatabase.get();
        return parameter.getParameter().getType() == TestDatabase.class ? database : database.options();
    }
}
