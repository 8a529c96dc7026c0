package io.momoko;


import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses libpq connection strings, both URLs and key=value lists, into {@link ConnectOptions}. Error
 * messages quote keys and non-secret values only: a DSN usually carries a password.
 */
final class Dsn {

    private Dsn() {
    }

    /**
     * Parses a URL or key=value DSN.
     *
     * @param dsn the connection string
     * @return the options
     */
    static ConnectOptions parse(String dsn) {
        if (dsn == null || dsn.isBlank()) {
            throw new ConfigurationException("DSN must not be blank");
        }
        String trimmed = dsn.trim();
        int scheme = trimmed.indexOf("://");
        if (scheme > 0 && trimmed.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.:-]*")
                && !trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            // jdbc:postgresql://, r2dbc:postgresql://, r2dbc:pool:... : the commonest mistake in a Spring project.
            String given = trimmed.substring(0, Math.min(scheme + 3, 30));
            throw new ConfigurationException("Unsupported URL scheme '" + given + "': JDBC and R2DBC URLs are not "
                    + "accepted; write a libpq URL, postgresql://user@host:5432/database?sslmode=require, or "
                    + "key=value pairs, host=... port=5432 dbname=... user=...");
        }
        Map<String, String> settings = trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")
                ? parseUrl(trimmed)
                : parseKeyValues(trimmed);
        return toOptions(settings);
    }

    private static Map<String, String> parseUrl(String url) {
        Map<String, String> settings = new LinkedHashMap<>();
        String rest = url.substring(url.indexOf("://") + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigurationException("Malformed query parameter in DSN URL (expected name=value)");
                }
                settings.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String database = decode(rest.substring(slash + 1));
            if (!database.isEmpty()) {
                settings.putIfAbsent("dbname", database);
            }
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            int colon = credentials.indexOf(':');
            String user = colon >= 0 ? credentials.substring(0, colon) : credentials;
            if (!user.isEmpty()) {
                settings.putIfAbsent("user", decode(user));
            }
            if (colon >= 0) {
                settings.putIfAbsent("password", decode(credentials.substring(colon + 1)));
            }
            rest = rest.substring(at + 1);
        }
        // libpq: several servers, comma-separated, each with its own port or none.
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String hostPort : rest.split(",", -1)) {
            String port = "";
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new ConfigurationException("Malformed IPv6 host in DSN URL: missing ']'");
                }
                if (close + 1 < hostPort.length()) {
                    if (hostPort.charAt(close + 1) != ':') {
                        throw new ConfigurationException("Malformed host in DSN URL after ']'");
                    }
                    port = hostPort.substring(close + 2);
                }
                hostPort = hostPort.substring(1, close);
            } else {
                int colon = hostPort.lastIndexOf(':');
                if (colon >= 0) {
                    port = hostPort.substring(colon + 1);
                    hostPort = hostPort.substring(0, colon);
                }
            }
            hosts.add(decode(hostPort));
            ports.add(port);
        }
        if (hosts.size() > 1 || !hosts.get(0).isEmpty()) {
            settings.putIfAbsent("host", String.join(",", hosts));
        }
        if (ports.stream().anyMatch(port -> !port.isEmpty())) {
            settings.putIfAbsent("port", String.join(",", ports));
        }
        return settings;
    }

    private static Map<String, String> parseKeyValues(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        int i = 0;
        int length = text.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int keyStart = i;
            while (i < length && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i);
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= length || text.charAt(i) != '=') {
                // The text is not echoed: a misplaced space inside a password would put part of it here.
                throw new ConfigurationException("Malformed DSN: missing '=' after the key at character "
                        + (keyStart + 1) + " (expected key=value pairs or a postgresql:// URL)");
            }
            i++;
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < length && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < length) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < length) {
                        value.append(text.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new ConfigurationException("Malformed DSN: unterminated quoted value for \""
                            + safeKey(key) + "\"");
                }
            } else {
                while (i < length && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < length) {
                        value.append(text.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            settings.put(key, value.toString());
        }
        return settings;
    }

    private static ConnectOptions toOptions(Map<String, String> settings) {
        ConnectOptions.Builder builder = ConnectOptions.builder();
        TcpKeepalive keepalive = TcpKeepalive.DEFAULT;
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String value = setting.getValue();
            switch (setting.getKey()) {
                case "host", "port":
                    // Read together below: a list of ports pairs with the list of hosts.
                    break;
                case "target_session_attrs":
                    builder.targetSessionAttrs(TargetSessionAttrs.fromDsnValue(value));
                    break;
                case "load_balance_hosts":
                    builder.loadBalanceHosts(switch (value) {
                        case "random" -> true;
                        case "disable" -> false;
                        default -> throw new ConfigurationException("load_balance_hosts", "DSN load_balance_hosts "
                                + "must be disable or random, was '" + value + "'");
                    });
                    break;
                case "dbname":
                    builder.database(value);
                    break;
                case "user":
                    builder.user(value);
                    break;
                case "password":
                    builder.password(value);
                    break;
                case "sslmode":
                    builder.sslMode(SslMode.fromDsnValue(value));
                    break;
                case "sslrootcert":
                    builder.sslRootCert(Path.of(value));
                    break;
                case "application_name":
                    builder.applicationName(value);
                    break;
                case "connect_timeout":
                    builder.connectTimeout(Duration.ofSeconds(parsePositive("connect_timeout", value)));
                    break;
                case "options":
                    parseServerOptions(value, builder);
                    break;
                case "keepalives":
                    keepalive = keepalive.withEnabled(parseSwitch("keepalives", value));
                    break;
                case "keepalives_idle":
                    keepalive = keepalive.withIdle(Duration.ofSeconds(parsePositive("keepalives_idle", value)));
                    break;
                case "keepalives_interval":
                    keepalive = keepalive.withInterval(Duration.ofSeconds(parsePositive("keepalives_interval",
                            value)));
                    break;
                case "keepalives_count":
                    keepalive = keepalive.withCount(Math.toIntExact(Math.min(Integer.MAX_VALUE,
                            parsePositive("keepalives_count", value))));
                    break;
                default:
                    throw new ConfigurationException("Unknown DSN option \"" + safeKey(setting.getKey())
                            + "\": expected host, port, dbname, user, password, sslmode, sslrootcert, "
                            + "application_name, connect_timeout, keepalives, keepalives_idle, keepalives_interval, "
                            + "keepalives_count, target_session_attrs, load_balance_hosts or options");
            }
        }
        servers(settings.get("host"), settings.get("port"), builder);
        return builder.keepalive(keepalive).build();
    }

    /**
     * libpq: {@code host=h1,h2} with {@code port=5432} (for all) or {@code port=5432,5433} (one each); an empty
     * port means the default.
     */
    private static void servers(String hostList, String portList, ConnectOptions.Builder builder) {
        String[] hosts = hostList == null ? new String[] {"localhost"} : hostList.split(",", -1);
        String[] ports = portList == null ? new String[] {""} : portList.split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new ConfigurationException("port", "DSN names " + hosts.length + " hosts but " + ports.length
                    + " ports: give one port for all, or one per host");
        }
        List<ServerAddress> servers = new ArrayList<>(hosts.length);
        for (int i = 0; i < hosts.length; i++) {
            String port = ports[ports.length == 1 ? 0 : i].trim();
            String host = hosts[i].trim();
            servers.add(new ServerAddress(host.isEmpty() ? "localhost" : host,
                    port.isEmpty() ? ConnectOptions.DEFAULT_PORT : parsePort(port)));
        }
        if (servers.size() == 1) {
            builder.host(servers.get(0).host()).port(servers.get(0).port());
        } else {
            builder.servers(servers);
        }
    }

    /** libpq's boolean options take 0 or 1. */
    private static boolean parseSwitch(String name, String value) {
        return switch (value) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new ConfigurationException("DSN " + name + " must be 0 or 1, was '" + value + "'");
        };
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the setting's name
        }
        throw new ConfigurationException("DSN port must be a number between 1 and 65535, was '" + value + "'");
    }

    private static long parsePositive(String name, String value) {
        try {
            long number = Long.parseLong(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below with the setting's name
        }
        throw new ConfigurationException("DSN " + name + " must be a positive whole number, was '" + value + "'");
    }

    private static void parseServerOptions(String value, ConnectOptions.Builder builder) {
        String[] words = value.trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.isEmpty()) {
                continue;
            }
            String assignment;
            if (word.equals("-c") && i + 1 < words.length) {
                assignment = words[++i];
            } else if (word.startsWith("-c")) {
                assignment = word.substring(2);
            } else if (word.startsWith("--")) {
                assignment = word.substring(2);
            } else {
                throw new ConfigurationException("DSN options must be '-c name=value' settings, found '" + word + "'");
            }
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException("DSN options must be '-c name=value' settings, found '"
                        + assignment + "'");
            }
            builder.serverParameter(assignment.substring(0, eq).replace('-', '_'), assignment.substring(eq + 1));
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Malformed percent-encoding in DSN URL");
        }
    }

    private static String safeKey(String key) {
        return key.length() > 40 ? key.substring(0, 40) + "..." : key;
    }
}
