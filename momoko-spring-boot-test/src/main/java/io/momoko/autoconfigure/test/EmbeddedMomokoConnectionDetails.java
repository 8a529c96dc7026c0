package io.momoko.autoconfigure.test;

import io.momoko.autoconfigure.ConnectOptionsConnectionDetails;

/** The embedded test server as the pool's connection details; the server starts when first asked. */
final class EmbeddedMomokoConnectionDetails extends ConnectOptionsConnectionDetails {

    EmbeddedMomokoConnectionDetails() {
        super(EmbeddedPostgresServer::options);
    }
}
