package io.momoko.internal;

import io.momoko.ConnectException;

/**
 * Servers answered, but none fits {@code target_session_attrs}: no primary among them yet. That is what a failover
 * looks like while a standby is being promoted, which takes a fraction of a second, so the pool tries again sooner
 * than after a server that does not answer ({@link DeadSlots}).
 */
final class NoServerFitsException extends ConnectException {

    private static final long serialVersionUID = 1L;

    NoServerFitsException(String message) {
        super(message, null);
    }
}
