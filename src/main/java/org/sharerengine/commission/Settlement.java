package org.sharerengine.commission;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.sharerengine.ledger.Account;
import org.sharerengine.ledger.Journal;
import org.sharerengine.ledger.Journal.Leg;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopByShop;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settlement (SPEC §6): pending lines whose order can no longer be refunded — completed at
 * least the shop's delay ago, or settled by the shop's event — move from pending to
 * available. Works in batches, one transaction each, so a crash leaves whole batches done and
 * the next run picks up the rest; running twice settles nothing twice. Other commission-like
 * lines (the team bonus) settle in the same run, the same way, as further {@link SettleableLines}.
 */
@Service
public class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);
    static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Ledger ledger;
    private final Shops shops;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ObjectProvider<SettleableLines> others;

    Settlement(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Ledger ledger, Shops shops, TransactionTemplate transactions,
            Clock clock, ObjectProvider<SettleableLines> others) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.ledger = ledger;
        this.shops = shops;
        this.transactions = transactions;
        this.clock = clock;
        this.others = others;
    }

    public record Result(Instant asOf, int settledLines, long settledFen) {
        Result plus(Result other) {
            return new Result(asOf, settledLines + other.settledLines, settledFen + other.settledFen);
        }
    }

    /** Settles what is due at {@code asOf}, which may not lie in the future: money is never released early. */
    public Result settle(ShopId shop, Instant asOf) {
        Timestamps.notInFuture("asOf", asOf, clock);
        shops.get(shop);
        Result total = new Result(asOf, 0, 0);
        List<SettleableLines> kinds = new ArrayList<>(List.of(SettleableLines.COMMISSION));
        others.orderedStream().forEach(kinds::add);
        for (SettleableLines kind : kinds) {
            Result batchResult;
            do {
                batchResult = transactions.execute(tx -> settleBatch(shop, asOf, kind));
                total = total.plus(batchResult);
            } while (batchResult.settledLines() == BATCH);
        }
        return total;
    }

    private Result settleBatch(ShopId shop, Instant asOf, SettleableLines kind) {
        record Due(long id, SharerId beneficiary, long amountFen) {
        }
        List<Due> due = jdbc.sql("select id, " + kind.beneficiaryColumn() + " beneficiary, amount_fen from " + kind.table() + """
                 where shop_id = :shop and status = 'PENDING' and settle_after <= :asOf
                order by id fetch first :batch rows only for update""")
                .param("shop", shop.value()).param("asOf", Timestamps.utc(asOf)).param("batch", BATCH)
                .query((rs, n) -> new Due(rs.getLong("id"), new SharerId(rs.getLong("beneficiary")), rs.getLong("amount_fen")))
                .list();
        if (due.isEmpty()) {
            return new Result(asOf, 0, 0);
        }
        batch.batchUpdate("update " + kind.table() + " set status = 'SETTLED', settled_at = :asOf where shop_id = :shop and id = :id",
                due.stream().map(d -> new MapSqlParameterSource().addValue("asOf", Timestamps.utc(asOf))
                        .addValue("shop", shop.value()).addValue("id", d.id())).toArray(MapSqlParameterSource[]::new));
        List<Journal> journals = new ArrayList<>(due.size());
        for (Due line : due) {
            journals.add(Journal.transfer("SETTLEMENT", kind.referencePrefix() + ":" + line.id(),
                    Leg.of(Account.SHARER_PENDING, line.beneficiary(), -line.amountFen()),
                    Leg.of(Account.SHARER_AVAILABLE, line.beneficiary(), line.amountFen())));
        }
        ledger.post(shop, journals);
        return new Result(asOf, due.size(), due.stream().mapToLong(Due::amountFen).sum());
    }

    /**
     * Settles every shop as of {@code asOf}, shop by shop; the totals of all shops, and those whose
     * settlement failed (see {@link ShopByShop}).
     */
    public ShopByShop.Outcome<Result> settleAllShops(Instant asOf) {
        Timestamps.notInFuture("asOf", asOf, clock);
        List<ShopId> all = shops.all().stream().map(shop -> shop.id()).toList();
        return ShopByShop.run("Settlement", all, new Result(asOf, 0, 0), Result::plus, shop -> {
            Result result = settle(shop, asOf);
            if (result.settledLines() > 0) {
                log.info("Settled {} lines ({} fen) of shop {} as of {}", result.settledLines(), result.settledFen(), shop.value(), asOf);
            }
            return result;
        });
    }

    /**
     * The schedule settles every shop as of now; ShedLock makes sure one instance runs it at a
     * time. The line at the end says which instance (its scheduler thread) ran which run.
     */
    @Scheduled(cron = "${engine.settlement.cron}")
    @SchedulerLock(name = "settlement", lockAtMostFor = "PT30M")
    public void onSchedule() {
        ShopByShop.Outcome<Result> outcome = settleAllShops(clock.instant());
        Result result = outcome.total();
        log.info("Scheduled settlement as of {} finished: {} lines, {} fen; shops failed: {}", result.asOf(), result.settledLines(),
                result.settledFen(), outcome.failedShops());
    }
}
