package io.momoko.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Captures {@code System.out} and {@code System.err} around each test and gives the test a
 * {@link CapturedOutput} parameter, so no test swaps the streams by hand (and forgets to put them back when
 * it fails).
 *
 * <pre>{@code
 * @ExtendWith(OutputCaptureExtension.class)
 * class MyTest {
 *     @Test void logs(CapturedOutput output) { ... assertThat(output.err()).contains("...") ... }
 * }
 * }</pre>
 */
public final class OutputCaptureExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            OutputCaptureExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        CapturedOutput output = new CapturedOutput();
        output.start();
        context.getStore(NAMESPACE).put(CapturedOutput.class, output);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CapturedOutput output = context.getStore(NAMESPACE).remove(CapturedOutput.class, CapturedOutput.class);
        if (output != null) {
            output.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CapturedOutput.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(CapturedOutput.class, CapturedOutput.class);
    }
}
