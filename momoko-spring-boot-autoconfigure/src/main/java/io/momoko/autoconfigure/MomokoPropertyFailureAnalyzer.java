package io.momoko.autoconfigure;

import io.momoko.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on an invalid {@code momoko.*} value: which property and why, from the
 * core's own check. The value is not repeated (Spring Boot's analyzer for invalid values would print it, and
 * {@code momoko.url} may hold a password).
 */
class MomokoPropertyFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        String property = cause.setting();
        if (property == null || !property.startsWith("momoko.")) {
            return null;
        }
        return new FailureAnalysis("Invalid Momoko configuration: " + cause.getMessage(),
                "Correct " + property + " in the application's configuration.", cause);
    }
}
