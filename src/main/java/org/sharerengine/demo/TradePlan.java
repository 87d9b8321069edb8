package org.sharerengine.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.sharerengine.attribution.Share;
import org.sharerengine.order.OrderRequest;
import org.sharerengine.order.RefundRequest;
import org.sharerengine.shared.SharerId;

/**
 * Six months of trade, planned up front from the seeded random as a time-ordered list of
 * events that {@link TradeReplay} plays against the engine. Playing in time order is what makes
 * the history consistent: a binding is decided by the visits before the payment, and a refund
 * after settlement finds its lines settled and claws the money back.
 *
 * <p>Orders grow over the half year and cluster in the evening live-room hours. A few top
 * sharers sell most. Orders are attributed by the sharer they name (WeChat Channels
 * {@code sharer_info}, including self-purchases), by a share token, by the customer's binding
 * from an earlier visit, or not at all (guests who never came through a share). About 8 % are
 * refunded: fully before shipping, partly after delivery, or after settlement.
 */
final class TradePlan {

    static final int HISTORY_DAYS = 182;
    /** Relative order volume per hour of the day in the shop's zone: lunch, and the evening live rooms. */
    private static final int[] HOURLY_VOLUME = {2, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 8, 7, 5, 5, 5, 5, 6, 8, 11, 12, 10, 4};

    sealed interface Event permits Visit, Payment, Completion, Refund, Freeze, SettlementRun {
        Instant at();
    }

    record Visit(Instant at, String token, String customerId) implements Event {
    }

    record Payment(Instant at, OrderRequest order) implements Event {
    }

    record Completion(Instant at, String orderId) implements Event {
    }

    record Refund(Instant at, String orderId, RefundRequest refund) implements Event {
    }

    record Freeze(Instant at, SharerId sharer) implements Event {
    }

    record SettlementRun(Instant at) implements Event {
    }

    private final Random random;
    private final Instant now;
    private final ZoneId zone;
    private final LocalDate firstDay;
    private final Duration settlementDelay;
    private final List<DemoNetwork.Member> sellers;
    private final List<Share> shares;
    private final Basket basket;
    private final int customers;
    private final List<Event> events = new ArrayList<>();
    private int guests;

    private TradePlan(Random random, Instant now, ZoneId zone, Duration settlementDelay, int orders,
            List<DemoNetwork.Member> members, List<Share> shares, List<DemoCatalog.Item> items) {
        this.random = random;
        this.now = now;
        this.zone = zone;
        this.firstDay = now.atZone(zone).toLocalDate().minusDays(HISTORY_DAYS - 1);
        this.settlementDelay = settlementDelay;
        // Shuffled once, then drawn from with a skew: whoever lands in front is a top seller.
        this.sellers = new ArrayList<>(members);
        Collections.shuffle(this.sellers, random);
        this.shares = new ArrayList<>(shares);
        Collections.shuffle(this.shares, random);
        this.basket = new Basket(random, items);
        this.customers = Math.max(50, orders / 3);
    }

    static List<Event> plan(Random random, Instant now, ZoneId zone, Duration settlementDelay, int orders,
            List<DemoNetwork.Member> members, List<Share> shares, List<DemoCatalog.Item> items) {
        TradePlan plan = new TradePlan(random, now, zone, settlementDelay, orders, members, shares, items);
        List<Instant> paid = IntStream.range(0, orders).mapToObj(i -> plan.moment()).sorted().toList();
        for (int i = 0; i < orders; i++) {
            plan.order(String.format("DT%06d", i + 1), paid.get(i));
        }
        plan.browsing(orders * 3 / 10);
        plan.freezes(Math.max(1, members.size() / 50));
        plan.weeklySettlement();
        plan.events.sort(Comparator.comparing(Event::at));
        return List.copyOf(plan.events);
    }

    private void order(String orderId, Instant paidAt) {
        double kind = random.nextDouble();
        String customer;
        Long sharerId = null;
        String token = null;
        DemoCatalog.Item featured = null;
        if (kind < 0.03) {
            DemoNetwork.Member self = seller();
            customer = self.externalUserId();
            sharerId = self.id().value();
        } else if (kind < 0.33) {
            customer = customer();
            sharerId = seller().id().value();
        } else if (kind < 0.55) {
            Share share = share();
            customer = customer();
            token = share.token();
            featured = basket.featured(share);
        } else if (kind < 0.85) {
            Share share = share();
            customer = customer();
            featured = basket.featured(share);
            Duration before = Duration.ofMinutes(20 + random.nextInt(20 * 24 * 60));
            events.add(new Visit(paidAt.minus(before), share.token(), customer));
        } else {
            customer = String.format("o_guest_%05d", ++guests);
        }
        List<OrderRequest.Line> lines = basket.lines(orderId, featured);
        events.add(new Payment(paidAt, new OrderRequest(orderId, customer, sharerId, null, token, paidAt, lines)));
        fulfil(orderId, paidAt, lines);
    }

    /**
     * Completion 3 to 10 days after payment (unless still in transit), and for 8 % of orders a
     * refund. Every choice is drawn whether it is used or not, so the random sequence, and with it
     * the whole shop, does not depend on the time of day the demo is seeded.
     */
    private void fulfil(String orderId, Instant paidAt, List<OrderRequest.Line> lines) {
        Instant completedAt = paidAt.plus(Duration.ofMinutes(3 * 24 * 60 + random.nextInt(7 * 24 * 60)));
        boolean refunded = random.nextInt(100) < 8;
        int style = random.nextInt(10);
        // A weekly settlement run falls between the line becoming due and this refund, so it is a clawback.
        Instant afterSettlement = completedAt.plus(settlementDelay).plus(Duration.ofHours(8 * 24 + random.nextInt(20 * 24)));
        Instant afterDelivery = completedAt.plus(Duration.ofHours(6 + random.nextInt(5 * 24)));
        Instant beforeShipping = paidAt.plus(Duration.ofMinutes(30 + random.nextInt(2 * 24 * 60)));
        List<RefundRequest.Line> part = partial(lines);
        boolean clawAllBack = random.nextBoolean();
        if (refunded && style < 3 && !afterSettlement.isAfter(now)) {
            events.add(new Completion(completedAt, orderId));
            refund(orderId, afterSettlement, clawAllBack ? full(lines) : part);
        } else if (refunded && style < 6 && !afterDelivery.isAfter(now)) {
            events.add(new Completion(completedAt, orderId));
            refund(orderId, afterDelivery, part);
        } else if (refunded) {
            // The customer changed their mind before shipping: refunded in full, never completed.
            if (!beforeShipping.isAfter(now)) {
                refund(orderId, beforeShipping, full(lines));
            }
        } else if (!completedAt.isAfter(now)) {
            events.add(new Completion(completedAt, orderId));
        }
    }

    private void refund(String orderId, Instant at, List<RefundRequest.Line> lines) {
        events.add(new Refund(at, orderId, new RefundRequest("RF" + orderId.substring(2), at, lines)));
    }

    private static List<RefundRequest.Line> full(List<OrderRequest.Line> lines) {
        return lines.stream().map(l -> new RefundRequest.Line(l.lineId(), l.amountFen())).toList();
    }

    /** One unit returned, or for a single unit a partial refund (price protection 价保, a damaged tin). */
    private List<RefundRequest.Line> partial(List<OrderRequest.Line> lines) {
        OrderRequest.Line line = lines.get(random.nextInt(lines.size()));
        long amount = line.quantity() > 1 ? line.amountFen() / line.quantity()
                : line.amountFen() * (10 + random.nextInt(41)) / 100;
        return List.of(new RefundRequest.Line(line.lineId(), Math.max(1, amount)));
    }

    /** People who look at shares without buying still get bound; some buy later under the binding. */
    private void browsing(int visits) {
        for (int i = 0; i < visits; i++) {
            events.add(new Visit(moment(), share().token(), customer()));
        }
    }

    /** A few sharers are frozen in the last two months; the top sellers are spared so the demo keeps its stars. */
    private void freezes(int count) {
        for (int i = 0; i < count && sellers.size() > 10 + i; i++) {
            DemoNetwork.Member member = sellers.get(sellers.size() - 1 - i);
            events.add(new Freeze(now.minus(Duration.ofHours(15 * 24 + random.nextInt(45 * 24))), member.id()));
        }
    }

    /** The scheduled settlement job, run weekly through the half year; the seed runs it once more as of now. */
    private void weeklySettlement() {
        for (LocalDate day = firstDay.plusDays(7); ; day = day.plusDays(7)) {
            Instant at = day.atTime(3, 0).atZone(zone).toInstant();
            if (at.isAfter(now)) {
                return;
            }
            events.add(new SettlementRun(at));
        }
    }

    /**
     * A moment in the half year: volume grows linearly to three times its start, shaped by the
     * hour of day. A moment later today than now moves back a day rather than being drawn again,
     * which would make the shop depend on the time of day.
     */
    private Instant moment() {
        double t = (Math.sqrt(1 + 8 * random.nextDouble()) - 1) / 2;
        LocalDate day = firstDay.plusDays(Math.min(HISTORY_DAYS - 1, (long) (t * HISTORY_DAYS)));
        LocalTime time = LocalTime.of(hour(), random.nextInt(60), random.nextInt(60));
        Instant at = day.atTime(time).atZone(zone).toInstant();
        return at.isAfter(now) ? day.minusDays(1).atTime(time).atZone(zone).toInstant() : at;
    }

    private int hour() {
        int pick = random.nextInt(IntStream.of(HOURLY_VOLUME).sum());
        for (int hour = 0; ; hour++) {
            pick -= HOURLY_VOLUME[hour];
            if (pick < 0) {
                return hour;
            }
        }
    }

    private DemoNetwork.Member seller() {
        return sellers.get(skewed(sellers.size(), 2.2));
    }

    private Share share() {
        return shares.get(skewed(shares.size(), 1.8));
    }

    /** Returning customers: a small core buys again and again. */
    private String customer() {
        return String.format("o_cust_%05d", skewed(customers, 1.6) + 1);
    }

    /** An index below {@code size}, the low ones far more likely: a long tail. */
    private int skewed(int size, double power) {
        return (int) (size * Math.pow(random.nextDouble(), power));
    }
}
