package io.momoko.autoconfigure;

import io.momoko.PartiallyConnectedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the pool could not open its connections: what failed, where,
 * and what to do. The message names the server without its password.
 */
class MomokoConnectFailureAnalyzer extends AbstractFailureAnalyzer<PartiallyConnectedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PartiallyConnectedException cause) {
        String description = "The Momoko pool could not connect to PostgreSQL: " + cause.getMessage();
        String action = "Check that PostgreSQL is running and reachable at the host and port in momoko.url (or "
                + "momoko.host and momoko.port), and that the database, user and password are right. To start "
                + "the application anyway and let the pool reconnect when the database is back, set "
                + "momoko.pool.raise-connect-errors=false.";
        return new FailureAnalysis(description, action, cause);
    }
}
