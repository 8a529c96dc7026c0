package io.momoko.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Medians and their confidence intervals over rounds, without assuming a distribution: the interval is the
 * pair of order statistics that holds the median with at least 95% probability (binomial), or the whole range
 * when there are too few rounds for that (then the achieved confidence is printed).
 */
final class Stats {

    private Stats() {
    }

    /** The true median: the middle value, or the mean of the two middle ones. */
    static double median(List<Double> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code median [low–high]} with the interval's confidence when below 95%. */
    static String withInterval(List<Double> values, String format) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return "";
        }
        int k = lowerRank(n);
        double confidence = coverage(n, k);
        String interval = String.format(Locale.ROOT, " [" + format + "–" + format + "]", sorted.get(k - 1),
                sorted.get(n - k));
        return String.format(Locale.ROOT, format, median(sorted)) + interval
                + (confidence < 0.95 ? String.format(Locale.ROOT, " (%.0f%%)", confidence * 100) : "");
    }

    /** The largest k with P(X(k) ≤ median ≤ X(n−k+1)) ≥ 95%, at least 1. */
    private static int lowerRank(int n) {
        int best = 1;
        for (int k = 1; k <= n / 2; k++) {
            if (coverage(n, k) >= 0.95) {
                best = k;
            }
        }
        return best;
    }

    /** P(k ≤ B(n, ½) ≤ n−k): the confidence of [X(k), X(n−k+1)]. */
    private static double coverage(int n, int k) {
        double total = 0;
        for (int i = k; i <= n - k; i++) {
            total += binomial(n, i);
        }
        return total / Math.pow(2, n);
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.removeIf(value -> value.isNaN());
        Collections.sort(sorted);
        return sorted;
    }
}
