package org.sharerengine.demo;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.sharerengine.attribution.Attribution;
import org.sharerengine.attribution.Bindings;
import org.sharerengine.commission.Settlement;
import org.sharerengine.teambonus.TeamBonusRun;
import org.sharerengine.network.Sharers;
import org.sharerengine.order.OrderView;
import org.sharerengine.order.Orders;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Component;

/** Plays a {@link TradePlan} against the engine's services, in time order, and tallies what the engine decided. */
@Component
class TradeReplay {

    /** What the engine made of the plan: attribution by rule, bindings formed, refunds, completions. */
    record Played(int orders, Map<Attribution.Rule, Integer> ordersByRule, int selfPurchases, int visits, int bindings,
            int completions, int refunds, int frozen, int settlementRuns) {
    }

    private final Orders orders;
    private final Bindings bindings;
    private final Sharers sharers;
    private final Settlement settlement;
    private final TeamBonusRun teamBonus;

    TradeReplay(Orders orders, Bindings bindings, Sharers sharers, Settlement settlement, TeamBonusRun teamBonus) {
        this.orders = orders;
        this.bindings = bindings;
        this.sharers = sharers;
        this.settlement = settlement;
        this.teamBonus = teamBonus;
    }

    /** Plays the events in order; {@code beforeSettlementDay} gets each settlement day's number (1, 2, …) before its work. */
    Played play(ShopId shop, List<TradePlan.Event> events, IntConsumer beforeSettlementDay) {
        Map<Attribution.Rule, Integer> byRule = new EnumMap<>(Attribution.Rule.class);
        int paid = 0, self = 0, visits = 0, bound = 0, completions = 0, refunds = 0, frozen = 0, runs = 0;
        for (TradePlan.Event event : events) {
            switch (event) {
                case TradePlan.Visit visit -> {
                    visits++;
                    var outcome = bindings.visit(shop, visit.token(), visit.customerId(), visit.at()).outcome();
                    bound += outcome == Bindings.Outcome.BOUND ? 1 : 0;
                }
                case TradePlan.Payment payment -> {
                    paid++;
                    Attribution attribution = orders.receive(shop, payment.order()).body().attribution();
                    byRule.merge(attribution.rule(), 1, Integer::sum);
                    self += attribution.selfPurchase() ? 1 : 0;
                }
                case TradePlan.Completion completion -> {
                    OrderView order = orders.complete(shop, completion.orderId(), completion.at());
                    completions += order.completedAt() != null ? 1 : 0;
                }
                case TradePlan.Refund refund -> {
                    orders.refund(shop, refund.orderId(), refund.refund());
                    refunds++;
                }
                case TradePlan.Freeze freeze -> {
                    sharers.freeze(shop, freeze.sharer());
                    frozen++;
                }
                case TradePlan.SettlementRun run -> {
                    beforeSettlementDay.accept(runs + 1);
                    settle(shop, run.at());
                    runs++;
                }
            }
        }
        return new Played(paid, Collections.unmodifiableMap(byRule), self, visits, bound, completions, refunds, frozen, runs);
    }

    /** What the schedule does on a settlement day: monthly team bonuses are posted (and corrected after refunds), then settled. */
    Settlement.Result settle(ShopId shop, Instant at) {
        teamBonus.run(shop, at);
        return settlement.settle(shop, at);
    }
}
