package org.sharerengine.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Paid orders sent together (bulk intake), received as if sent one at a time in this order. */
public record OrderBatch(@NotNull @Size(min = 1, max = 500) List<@Valid @NotNull OrderRequest> orders) {

    /** How many orders were stored now and how many had been received before; one outcome per order, in order. */
    public record Result(int created, int replayed, List<Outcome> orders) {
    }

    /**
     * {@code commissionFen}: what the order paid in commission when it was received (all depths),
     * before any refund; the same on a replay.
     */
    public record Outcome(String orderId, boolean replayed, Long attributedSharerId, long commissionFen) {
    }
}
