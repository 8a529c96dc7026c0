package io.momoko.internal;

import io.momoko.internal.sql.SqlCache;

/**
 * A pool's {@link TemplateLatency} per SQL template (the statement's text with its placeholders, so every
 * parameter set of one query shares an estimate). Bounded ({@link SqlCache}): SQL built by concatenating values
 * makes a new template each time, and those simply never share a connection.
 */
final class TemplateLatencies {

    private final SqlCache<TemplateLatency> templates = new SqlCache<>(sql -> new TemplateLatency());

    TemplateLatency of(String sql) {
        return templates.get(sql);
    }
}
