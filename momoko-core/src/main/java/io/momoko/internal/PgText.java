package io.momoko.internal;

import io.vertx.pgclient.data.Box;
import io.vertx.pgclient.data.Cidr;
import io.vertx.pgclient.data.Circle;
import io.vertx.pgclient.data.Inet;
import io.vertx.pgclient.data.Line;
import io.vertx.pgclient.data.LineSegment;
import io.vertx.pgclient.data.Path;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * PostgreSQL's own text form of the values the Vert.x client decodes into classes of its own (network
 * addresses, geometric types), as psycopg2 returns them: a string the server prints and accepts back, never a
 * driver class. Anything else is left as it is.
 */
final class PgText {

    private PgText() {
    }

    /**
     * Returns the text form of a driver value, or {@code null} when the value is not one of these classes.
     *
     * @param value a value from the driver
     * @return for example {@code 192.168.0.1/24}, {@code (1,2)}, {@code <(0,0),5>}
     */
    static String of(Object value) {
        if (value instanceof Inet inet) {
            return address(inet.getAddress(), inet.getNetmask(), false);
        }
        if (value instanceof Cidr cidr) {
            return address(cidr.getAddress(), cidr.getNetmask(), true);
        }
        if (value instanceof Point point) {
            return point(point);
        }
        if (value instanceof Box box) {
            return point(box.getUpperRightCorner()) + "," + point(box.getLowerLeftCorner());
        }
        if (value instanceof Circle circle) {
            return "<" + point(circle.getCenterPoint()) + "," + number(circle.getRadius()) + ">";
        }
        if (value instanceof LineSegment segment) {
            return "[" + point(segment.getP1()) + "," + point(segment.getP2()) + "]";
        }
        if (value instanceof Line line) {
            return "{" + number(line.getA()) + "," + number(line.getB()) + "," + number(line.getC()) + "}";
        }
        if (value instanceof Path path) {
            String points = points(path.getPoints());
            return path.isOpen() ? "[" + points + "]" : "(" + points + ")";
        }
        if (value instanceof Polygon polygon) {
            return "(" + points(polygon.getPoints()) + ")";
        }
        return null;
    }

    /** inet shows its prefix only when it is not the whole address; cidr always shows it. */
    private static String address(InetAddress address, Integer prefix, boolean network) {
        int bits = address instanceof Inet4Address ? 32 : 128;
        String host = address instanceof Inet4Address ? address.getHostAddress() : ipv6(address.getAddress());
        return prefix == null || !network && prefix == bits ? (network ? host + "/" + bits : host) : host + "/" + prefix;
    }

    /** RFC 5952, as PostgreSQL prints it: the longest run of two or more zero groups becomes {@code ::}. */
    static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static String points(List<Point> points) {
        StringBuilder text = new StringBuilder();
        for (Point point : points) {
            text.append(text.length() == 0 ? "" : ",").append(point(point));
        }
        return text.toString();
    }

    private static String point(Point point) {
        return "(" + number(point.getX()) + "," + number(point.getY()) + ")";
    }

    /** As PostgreSQL prints a float8: no trailing {@code .0} on whole numbers. */
    private static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
    }
}
