package io.momoko.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pool's {@link TemplateLatency} per SQL template (the statement's text with its placeholders, so every
 * parameter set of one query shares an estimate). Bounded like {@link SessionEffects}' cache: SQL built by
 * concatenating values makes a new template each time, and those simply never share a connection.
 */
final class TemplateLatencies {

    private static final int LIMIT = 2048;

    private final Map<String, TemplateLatency> templates = new ConcurrentHashMap<>();

    TemplateLatency of(String sql) {
        TemplateLatency latency = templates.get(sql);
        if (latency != null) {
            return latency;
        }
        if (templates.size() >= LIMIT) {
            templates.clear();
        }
        return templates.computeIfAbsent(sql, ignored -> new TemplateLatency());
    }
}
