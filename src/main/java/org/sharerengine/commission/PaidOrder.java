package org.sharerengine.commission;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.sharerengine.shared.SharerId;

/**
 * What commission needs to know of a paid order: its lines, who it is attributed to, and where
 * to read that sharer's month so far (for tier steps).
 */
public record PaidOrder(long orderId, String externalId, SharerId attributedSharerId, String attributionRule,
        boolean selfPurchase, Instant paidAt, List<Line> lines, MonthToDate.Source monthToDate) {

    public record Line(long lineId, String externalLineId, String productId, int quantity, long amountFen) {
    }

    /**
     * The attributed sharer's orders paid earlier in the same calendar month (shop's time zone),
     * not counting fully refunded ones, and what the customers kept of them in fen.
     */
    public record MonthToDate(long orders, long salesFen) {

        public static final MonthToDate NONE = new MonthToDate(0, 0);

        /**
         * Reads the figures for the month of the order in the shop's zone. Commission asks only when
         * the sharer's template has tier steps: the read grows with the sharer's month and most orders
         * earn no step.
         */
        @FunctionalInterface
        public interface Source {
            MonthToDate in(ZoneId zone);
        }

        public long figure(TierMetric metric) {
            return metric == TierMetric.ORDERS ? orders : salesFen;
        }
    }
}
