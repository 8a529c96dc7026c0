package io.momoko;

/**
 * One message from PostgreSQL's {@code LISTEN}/{@code NOTIFY}, or a marker saying that messages were lost.
 *
 * <p>Notifications are not stored by the server: one sent while the pool's listening connection is being
 * reopened never arrives, and one that arrives while a slow subscriber's buffer is full is dropped. Either way
 * the subscriber receives a {@linkplain #isGap() gap marker} at the place of the loss, so it can resynchronise
 * (re-read what the notifications stand for). After a reconnect the marker comes once the channels are listened
 * to again, so a resynchronisation that starts on the marker misses nothing that follows it.
 *
 * @param channel the channel
 * @param payload the payload ({@code ""} when none was given); {@code null} for a gap marker
 * @param processId the server process that sent it; {@code 0} for a gap marker
 * @param gap whether this is a gap marker rather than a message
 * @param dropped for a gap marker, how many messages were dropped because the subscriber's buffer was full
 *                ({@code 0} when the loss was a reconnect, whose count nobody knows)
 */
public record Notification(String channel, String payload, int processId, boolean gap, long dropped) {

    /**
     * Creates a message.
     *
     * @param channel the channel
     * @param payload the payload
     * @param processId the sending server process
     * @return the notification
     */
    public static Notification message(String channel, String payload, int processId) {
        return new Notification(channel, payload, processId, false, 0);
    }

    /**
     * Creates a gap marker.
     *
     * @param channel the channel
     * @param dropped how many messages the subscriber's full buffer dropped; {@code 0} for a reconnect
     * @return the marker
     */
    public static Notification gap(String channel, long dropped) {
        return new Notification(channel, null, 0, true, dropped);
    }

    /**
     * Tells whether messages may have been lost just before this point.
     *
     * @return {@code true} for a gap marker
     */
    public boolean isGap() {
        return gap;
    }
}
