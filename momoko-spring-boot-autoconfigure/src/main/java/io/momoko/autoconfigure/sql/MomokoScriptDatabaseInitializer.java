package io.momoko.autoconfigure.sql;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.Momoko;
import io.momoko.autoconfigure.MomokoConnectionDetails;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer;
import org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code spring.sql.init} schema and data scripts with Momoko, on one connection to the database that
 * {@link MomokoConnectionDetails} names.
 *
 * <p>It opens its own connection rather than borrowing from the {@link io.momoko.Pool} bean because the pool
 * starts after every database initializer (Flyway, Liquibase, these scripts): its connections then never see
 * a schema that is still being created. Statements run one at a time in script order, each in its own
 * transaction, as Boot's JDBC and R2DBC initializers do. A failing statement fails start-up with the script,
 * the statement's number and line, and PostgreSQL's message; the statement text is left out because scripts
 * may hold passwords ({@code CREATE ROLE ... PASSWORD}).
 *
 * <p>PostgreSQL is never an embedded database in Boot's sense, so the scripts run only with
 * {@code spring.sql.init.mode=always}, exactly as for a PostgreSQL {@code DataSource}. Being the application's
 * script initializer ({@link ApplicationScriptDatabaseInitializer}), it makes Boot's {@code DataSource} one
 * back off, so the scripts never run twice when a {@code DataSource} exists too.
 */
public class MomokoScriptDatabaseInitializer extends AbstractScriptDatabaseInitializer
        implements ApplicationScriptDatabaseInitializer {

    private static final Log LOG = LogFactory.getLog(MomokoScriptDatabaseInitializer.class);

    private final MomokoConnectionDetails connectionDetails;

    /**
     * Creates an initializer for the database the details name.
     *
     * @param connectionDetails where the database is
     * @param settings which scripts to run and how
     */
    public MomokoScriptDatabaseInitializer(MomokoConnectionDetails connectionDetails,
                                           DatabaseInitializationSettings settings) {
        super(settings);
        this.connectionDetails = connectionDetails;
    }

    /**
     * PostgreSQL is a server, never an embedded database, so the default mode ({@code embedded}) runs nothing.
     *
     * @return {@code false}
     */
    @Override
    protected boolean isEmbeddedDatabase() {
        return false;
    }

    @Override
    protected void runScripts(Scripts scripts) {
        ConnectOptions options = connectionDetails.getConnectOptions();
        Connection connection = await(Momoko.connect(options), options.connectTimeout().toMillis() * 2 + 5_000,
                "connecting to " + options.host() + ":" + options.port() + "/" + options.database());
        try {
            for (Resource script : scripts) {
                run(connection, script, scripts);
            }
        } finally {
            connection.close();
        }
    }

    private static void run(Connection connection, Resource script, Scripts scripts) {
        List<ScriptStatements.Statement> statements = ScriptStatements.split(read(script, scripts), scripts.getSeparator());
        for (int i = 0; i < statements.size(); i++) {
            ScriptStatements.Statement statement = statements.get(i);
            try {
                connection.execute(statement.sql()).get();
            } catch (ExecutionException e) {
                String where = "statement " + (i + 1) + " (line " + statement.line() + ") of " + script.getDescription();
                if (!scripts.isContinueOnError()) {
                    throw new IllegalStateException("spring.sql.init: " + where + " failed: " + e.getCause().getMessage(),
                            e.getCause());
                }
                LOG.debug("spring.sql.init: " + where + " failed and is skipped (continue-on-error): "
                        + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + script.getDescription(), e);
            }
        }
    }

    private static String read(Resource script, Scripts scripts) {
        try {
            return script.getContentAsString(scripts.getEncoding() != null ? scripts.getEncoding()
                    : java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + script.getDescription(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, long millis, String what) {
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("spring.sql.init: no answer within " + millis + " ms " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        }
    }
}
