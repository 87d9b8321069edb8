package org.sharerengine.leveling;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.sharerengine.shared.ShopByShop;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The downgrade job (SPEC §5): as of an instant, judges every period that has ended — keep the
 * level, or drop to the highest level whose keep condition the period's figures meet — and
 * starts the next period. Set-based per shop (see {@link PeriodRoll}); one transaction per
 * shop; running it twice as of the same instant changes nothing the second time.
 */
@Service
public class LevelRuns {

    private static final Logger log = LoggerFactory.getLogger(LevelRuns.class);

    private final JdbcClient jdbc;
    private final PeriodRoll periods;
    private final LevelProgrammes programmes;
    private final Shops shops;
    private final TransactionTemplate transactions;
    private final Clock clock;

    LevelRuns(JdbcClient jdbc, PeriodRoll periods, LevelProgrammes programmes, Shops shops, TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.periods = periods;
        this.programmes = programmes;
        this.shops = shops;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * @param sharers    sharers whose period had ended
     * @param evaluated  periods judged (a sharer left alone for three periods counts three)
     * @param downgraded judgements that lowered the level
     * @param kept       judgements that kept it
     */
    public record Result(Instant asOf, int shops, int sharers, int evaluated, int downgraded, int kept) {

        Result plus(Result other) {
            return new Result(asOf, shops + other.shops, sharers + other.sharers, evaluated + other.evaluated,
                    downgraded + other.downgraded, kept + other.kept);
        }
    }

    /** Judges the shop's ended periods as of {@code asOf}, which may not lie in the future. Without a programme, nothing happens. */
    public Result run(ShopId shop, Instant asOf) {
        Timestamps.notInFuture("asOf", asOf, clock);
        var zone = shops.settings(shop).zone();
        return transactions.execute(tx -> {
            // One run per shop at a time, and no change of the ladder while it runs.
            List<Long> locked = jdbc.sql("select shop_id from level_programme where shop_id = :shop for update")
                    .param("shop", shop.value()).query(Long.class).list();
            if (locked.isEmpty()) {
                return new Result(asOf, 0, 0, 0, 0, 0);
            }
            LevelProgramme programme = programmes.find(shop).orElseThrow();
            Instant now = clock.instant();
            periods.excludeIntakes(shop);
            periods.insertMissing(shop, zone, now, null, null);
            PeriodRoll.Outcome outcome = periods.rollDue(shop, programme, zone, asOf, now, null);
            return new Result(asOf, 1, outcome.sharers(), outcome.evaluated(), outcome.downgraded(),
                    outcome.evaluated() - outcome.downgraded());
        });
    }

    /** Every shop with a level programme, shop by shop; a shop whose run fails does not stop the others ({@link ShopByShop}). */
    public ShopByShop.Outcome<Result> runAllShops(Instant asOf) {
        Timestamps.notInFuture("asOf", asOf, clock);
        List<ShopId> shops = jdbc.sql("select shop_id from level_programme order by shop_id").query(Long.class).list().stream()
                .map(ShopId::new).toList();
        return ShopByShop.run("Level run", shops, new Result(asOf, 0, 0, 0, 0, 0), Result::plus, shop -> {
            Result result = run(shop, asOf);
            if (result.evaluated() > 0) {
                log.info("Level run of shop {} as of {}: {} periods judged, {} downgraded", shop.value(), asOf, result.evaluated(),
                        result.downgraded());
            }
            return result;
        });
    }

    /**
     * The schedule judges every shop as of now; ShedLock makes sure one instance runs it at a
     * time. The line at the end says which instance (its scheduler thread) ran which run.
     */
    @Scheduled(cron = "${engine.levels.cron:0 */10 * * * *}")
    @SchedulerLock(name = "levels", lockAtMostFor = "PT30M")
    public void onSchedule() {
        ShopByShop.Outcome<Result> outcome = runAllShops(clock.instant());
        Result result = outcome.total();
        log.info("Scheduled level run as of {} finished: {} shops, {} periods judged; shops failed: {}", result.asOf(), result.shops(),
                result.evaluated(), outcome.failedShops());
    }
}
