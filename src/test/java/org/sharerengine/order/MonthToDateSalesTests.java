package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.order.MonthToDateSales.Rollup;

/** When the monthly rollup may stand for a month's orders (MonthToDateSales.holdsExactly). */
class MonthToDateSalesTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate MARCH = LocalDate.of(2026, 3, 1);
    private static final Instant START = MARCH.atStartOfDay(SHANGHAI).toInstant();
    private static final Instant END = MARCH.plusMonths(1).atStartOfDay(SHANGHAI).toInstant();

    private final Map<LocalDate, Rollup> rows = new HashMap<>();

    private void row(LocalDate month, Instant from, Instant until, Integer keptOrders) {
        rows.put(month, new Rollup(month, 1_000, keptOrders, from, until));
    }

    private boolean holds() {
        return MonthToDateSales.holdsExactly(rows, MARCH, START, END);
    }

    @Test
    void aRowWhosePaymentsLieWithinTheMonthAndNeighboursOutsideItHolds() {
        row(MARCH, START, END.minusNanos(1_000), 3);
        row(MARCH.minusMonths(1), START.minusSeconds(86_400), START.minusNanos(1_000), 1);
        row(MARCH.plusMonths(1), END, END.plusSeconds(60), 1);
        assertThat(holds()).isTrue();
        rows.remove(MARCH.minusMonths(1));
        rows.remove(MARCH.plusMonths(1));
        assertThat(holds()).as("no neighbours").isTrue();
    }

    @Test
    void noRowHoldsWhenNoNeighbourCountedAPaymentOfTheMonth() {
        assertThat(holds()).as("no rows at all").isTrue();
        row(MARCH.minusMonths(1), START.minusSeconds(60), START.minusNanos(1_000), 1);
        assertThat(holds()).isTrue();
        row(MARCH.plusMonths(1), END.minusSeconds(1), END.plusSeconds(60), 1);
        assertThat(holds()).as("April's row counted a payment of March").isFalse();
    }

    @Test
    void aRowOfUnknownSpanOrCountDoesNotHold() {
        row(MARCH, null, END.minusSeconds(1), 3);
        assertThat(holds()).as("unknown start of span").isFalse();
        row(MARCH, START, null, 3);
        assertThat(holds()).as("unknown end of span").isFalse();
        row(MARCH, START, END.minusSeconds(1), null);
        assertThat(holds()).as("unknown kept orders").isFalse();
    }

    /** A zone change moves orders near the edges: into the row from a neighbour month, or out of it. */
    @Test
    void aPaymentOutsideTheMonthInTheRowOrInsideItInANeighbourDoesNotHold() {
        row(MARCH, START.minusSeconds(3_600), END.minusSeconds(1), 3);
        assertThat(holds()).as("the row counted a payment of February's last hour").isFalse();
        row(MARCH, START, END, 3);
        assertThat(holds()).as("the row counted a payment at April's first instant").isFalse();
        row(MARCH, START, END.minusSeconds(1), 3);
        row(MARCH.minusMonths(1), START.minusSeconds(86_400), START, 1);
        assertThat(holds()).as("February's row counted a payment of March").isFalse();
        row(MARCH.minusMonths(1), START.minusSeconds(86_400), null, 1);
        assertThat(holds()).as("February's row of unknown span").isFalse();
        rows.remove(MARCH.minusMonths(1));
        row(MARCH.plusMonths(1), END.minusSeconds(1), END.plusSeconds(60), 1);
        assertThat(holds()).as("April's row counted a payment of March").isFalse();
        row(MARCH.plusMonths(1), null, END.plusSeconds(60), 1);
        assertThat(holds()).as("April's row of unknown span").isFalse();
    }
}
