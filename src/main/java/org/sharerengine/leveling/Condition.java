package org.sharerengine.leveling;

import java.util.ArrayList;
import java.util.List;
import org.sharerengine.shared.ApiProblem;

/**
 * Thresholds on a period's figures (导购分销's 升级衡量标准): any subset of points, sales, orders and
 * recruits, met when ANY one of them is reached or when ALL of them are. A null threshold is not
 * part of the condition.
 */
public record Condition(Match match, Long points, Long salesFen, Long orders, Long recruits) {

    public enum Match { ANY, ALL }

    public boolean metBy(Figures figures) {
        List<Boolean> checks = new ArrayList<>(4);
        if (points != null) {
            checks.add(figures.points() >= points);
        }
        if (salesFen != null) {
            checks.add(figures.salesFen() >= salesFen);
        }
        if (orders != null) {
            checks.add(figures.orders() >= orders);
        }
        if (recruits != null) {
            checks.add(figures.recruits() >= recruits);
        }
        return match == Match.ALL ? checks.stream().allMatch(b -> b) : checks.stream().anyMatch(b -> b);
    }

    /** The same thresholds with ANY as the default match; refuses an empty or negative condition. */
    Condition validated(String field) {
        if (points == null && salesFen == null && orders == null && recruits == null) {
            throw ApiProblem.invalid(field, "needs at least one threshold: points, salesFen, orders or recruits");
        }
        nonNegative(field + ".points", points);
        nonNegative(field + ".salesFen", salesFen);
        nonNegative(field + ".orders", orders);
        nonNegative(field + ".recruits", recruits);
        return new Condition(match == null ? Match.ANY : match, points, salesFen, orders, recruits);
    }

    private static void nonNegative(String field, Long threshold) {
        if (threshold != null && (threshold < 0 || threshold > 1_000_000_000_000L)) {
            throw ApiProblem.invalid(field, "must be 0 to 1,000,000,000,000");
        }
    }
}
