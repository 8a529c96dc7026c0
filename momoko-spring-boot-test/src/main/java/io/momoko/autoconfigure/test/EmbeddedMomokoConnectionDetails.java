package io.momoko.autoconfigure.test;

import io.momoko.ConnectOptions;
import io.momoko.autoconfigure.MomokoConnectionDetails;

/** The embedded test server as the pool's connection details; the server starts when first asked. */
final class EmbeddedMomokoConnectionDetails implements MomokoConnectionDetails {

    @Override
    public ConnectOptions getConnectOptions() {
        return EmbeddedPostgresServer.options();
    }

    @Override
    public String getHost() {
        return getConnectOptions().host();
    }

    @Override
    public int getPort() {
        return getConnectOptions().port();
    }

    @Override
    public String getDatabase() {
        return getConnectOptions().database();
    }

    @Override
    public String getUsername() {
        return getConnectOptions().user();
    }

    @Override
    public String getPassword() {
        return getConnectOptions().password();
    }

    @Override
    public String toString() {
        return "EmbeddedMomokoConnectionDetails[" + getConnectOptions() + "]";
    }
}
