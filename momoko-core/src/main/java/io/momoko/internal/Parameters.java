package io.momoko.internal;

import io.momoko.internal.sql.SqlTemplate;

import io.momoko.ProgrammingException;

import java.util.List;
import java.util.Map;

/**
 * Matches the values a caller passed to the parameters a {@link SqlTemplate} needs, checking counts and
 * names before anything reaches the network.
 */
final class Parameters {

    private Parameters() {
    }

    /**
     * Orders the caller's values by parameter index.
     *
     * @param template the parsed statement
     * @param positional positional values, or {@code null}
     * @param named named values, or {@code null}
     * @return one value per parameter, in parameter order
     */
    /** The protocol's limit: the Bind message counts parameters in 16 bits. */
    static final int MAX_PARAMETERS = 65_535;

    static Object[] resolve(SqlTemplate template, List<?> positional, Map<String, ?> named) {
        requireBindable(template);
        return order(template, positional, named);
    }

    /** As {@link #resolve}, for mogrify: nothing is bound, so the protocol's parameter limit does not apply. */
    static Object[] resolveForLiterals(SqlTemplate template, List<?> positional, Map<String, ?> named) {
        template.requireValid();
        return order(template, positional, named);
    }

    private static void requireBindable(SqlTemplate template) {
        template.requireValid();
        if (template.parameterCount() > MAX_PARAMETERS) {
            throw new ProgrammingException("Statement has " + template.parameterCount() + " parameters but PostgreSQL "
                    + "accepts at most " + MAX_PARAMETERS + "; pass the values as one array parameter (= ANY(%s))");
        }
    }

    private static Object[] order(SqlTemplate template, List<?> positional, Map<String, ?> named) {
        switch (template.style()) {
            case NAMED:
                if (named == null) {
                    throw new ProgrammingException("Statement uses named placeholders (%(name)s) but "
                            + (positional == null ? 0 : positional.size())
                            + " positional parameter(s) were given; pass a Map");
                }
                List<String> names = template.names();
                Object[] values = new Object[names.size()];
                for (int k = 0; k < values.length; k++) {
                    String name = names.get(k);
                    if (!named.containsKey(name)) {
                        throw new ProgrammingException("Missing parameter '" + name + "' for %(" + name + ")s; given: "
                                + named.keySet());
                    }
                    values[k] = named.get(name);
                }
                return values;
            case POSITIONAL:
            case NUMBERED:
            case NONE:
                if (named != null) {
                    if (template.style() == SqlTemplate.Style.NONE && named.isEmpty()) {
                        return new Object[0];
                    }
                    throw new ProgrammingException("Statement uses "
                            + (template.style() == SqlTemplate.Style.NONE ? "no placeholders" : "positional placeholders")
                            + " but a Map of named parameters was given");
                }
                int given = positional == null ? 0 : positional.size();
                if (given != template.parameterCount()) {
                    throw new ProgrammingException(countMessage(template, given));
                }
                return positional == null ? new Object[0] : positional.toArray();
            default:
                throw new IllegalStateException(template.style().name());
        }
    }

    private static String countMessage(SqlTemplate template, int given) {
        int needed = template.parameterCount();
        switch (template.style()) {
            case NUMBERED:
                return "Statement refers to parameters up to $" + needed + " but " + given + " parameter(s) were given";
            case POSITIONAL:
                return "Statement has " + needed + " %s placeholder(s) but " + given + " parameter(s) were given";
            default:
                return "Statement has no placeholders but " + given + " parameter(s) were given";
        }
    }
}
