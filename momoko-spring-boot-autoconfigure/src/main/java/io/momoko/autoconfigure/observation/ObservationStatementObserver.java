package io.momoko.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.momoko.DatabaseException;
import io.momoko.metrics.ObservedStatement;
import io.momoko.metrics.StatementObserver;

/**
 * A Micrometer {@link io.micrometer.observation.Observation} per statement, named and tagged after OpenTelemetry's database client
 * conventions, so that a tracing bridge makes one span per statement ({@code SELECT shop}) and a meter handler a
 * timer {@code db.client.operation}. Low cardinality: {@code db.system.name}, {@code db.operation.name},
 * {@code db.namespace}, {@code momoko.pool}, {@code outcome}, {@code error.type}; high cardinality: the SQL text
 * ({@code db.query.text}, placeholders only, never a value), {@code server.address}, {@code server.port}.
 */
public final class ObservationStatementObserver implements StatementObserver {

    /** The observation's name, and the timer's. */
    public static final String NAME = "db.client.operation";

    private final ObservationRegistry registry;

    /**
     * Creates the observer.
     *
     * @param registry where observations go
     */
    public ObservationStatementObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public StatementObserver.Observation started(ObservedStatement statement) {
        if (registry.isNoop()) {
            return StatementObserver.Observation.NONE;
        }
        String operation = statement.operation();
        // Micrometer's Observation, named in full: StatementObserver.Observation is in scope here.
        io.micrometer.observation.Observation observation = io.micrometer.observation.Observation
                .createNotStarted(NAME, registry)
                .contextualName(operation + " " + statement.database())
                .lowCardinalityKeyValue("db.system.name", "postgresql")
                .lowCardinalityKeyValue("db.operation.name", operation)
                .lowCardinalityKeyValue("db.namespace", statement.database())
                .lowCardinalityKeyValue("momoko.pool", statement.pool())
                .highCardinalityKeyValue("db.query.text", statement.sql())
                .highCardinalityKeyValue("server.address", statement.host())
                .highCardinalityKeyValue("server.port", Integer.toString(statement.port()))
                .start();
        return error -> {
            if (error == null) {
                observation.lowCardinalityKeyValue("outcome", "success");
            } else {
                observation.lowCardinalityKeyValue("outcome", "error");
                // OpenTelemetry's error.type: the SQLSTATE when the server refused, else the exception's class.
                observation.lowCardinalityKeyValue("error.type", error instanceof DatabaseException database
                        ? database.sqlState() : error.getClass().getSimpleName());
                observation.error(error);
            }
            observation.stop();
        };
    }
}
