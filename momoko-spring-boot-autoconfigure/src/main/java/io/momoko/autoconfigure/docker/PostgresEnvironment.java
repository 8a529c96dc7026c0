package io.momoko.autoconfigure.docker;

import java.util.Map;

/**
 * Who logs in to which database, read from a PostgreSQL container's environment the way the official image
 * ({@code POSTGRES_*}) and Bitnami's ({@code POSTGRESQL_*}) set it up: user {@code postgres} and a database named
 * after the user unless told otherwise. A container that sets no password must say it trusts everyone
 * ({@code POSTGRES_HOST_AUTH_METHOD=trust}, or Bitnami's {@code ALLOW_EMPTY_PASSWORD=yes}); otherwise the image
 * would not have started, and the message says which variable to set.
 */
record PostgresEnvironment(String username, String password, String database) {

    static PostgresEnvironment of(Map<String, String> env) {
        String username = first(env, "POSTGRES_USER", "POSTGRESQL_USER", "POSTGRESQL_USERNAME");
        username = username != null ? username : "postgres";
        String password = first(env, "POSTGRES_PASSWORD", "POSTGRESQL_PASSWORD");
        if (password == null && !trustsEveryone(env)) {
            throw new IllegalStateException("The PostgreSQL service in compose.yaml has no password: set "
                    + "POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust");
        }
        String database = first(env, "POSTGRES_DB", "POSTGRESQL_DB", "POSTGRESQL_DATABASE");
        return new PostgresEnvironment(username, password, database != null ? database : username);
    }

    private static boolean trustsEveryone(Map<String, String> env) {
        return "trust".equals(env.get("POSTGRES_HOST_AUTH_METHOD")) || "yes".equals(env.get("ALLOW_EMPTY_PASSWORD"));
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        // A record would print the password.
        return "PostgresEnvironment[username=" + username + ", database=" + database + "]";
    }
}
