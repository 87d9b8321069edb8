package org.sharerengine.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sharerengine.attribution.Share;
import org.sharerengine.commission.Settlement;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.ApiKeys;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shop;
import org.sharerengine.shop.Shops;
import org.sharerengine.wallet.Withdrawal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds one demo shop through the engine's own services — no SQL of its own — so every
 * commission line, balance and ledger entry in it was computed by the engine. The random is
 * seeded, so every run builds the same shop (only generated tokens and invite codes differ).
 */
@Component
class DemoSeed {

    static final String SHOP_NAME = "Demo Tea House 演示茶铺";
    private static final long RANDOM_SEED = 42;

    /** The demo shop's well-known key, printed in the README and the start-up banner; it is only ever a demo. */
    static String apiKey(ShopId shop) {
        return "sk_" + shop.value() + "_demo-key-change-me";
    }

    record Seeded(Shop shop, String apiKey, DemoNetwork.Grown network, int promotedProducts, int shares, TradeReplay.Played trade,
            Settlement.Result finalSettlement, Map<Withdrawal.Status, Integer> withdrawals) {

        /** {@code cpu} beside {@code took}: on a busy machine the wall time says little about the seeding itself. */
        String describe(Duration took, Duration cpu) {
            return String.format("Seeded in %.1f s (%.1f s of CPU): %d sharers (%d active, %d frozen since, %d applications pending, %d rejected), "
                            + "%d products (%d promoted), %d shares, %d visits (%d bindings formed),%n    %d orders over %d days "
                            + "attributed %s (%d self-purchases), %d completed, %d refunds, %d settlement runs, "
                            + "withdrawals %s",
                    took.toMillis() / 1000.0, cpu.toMillis() / 1000.0, network.size(), network.members().size() - trade.frozen(), trade.frozen(),
                    network.pendingApplications().size(), network.rejectedApplications().size(),
                    DemoCatalog.ITEMS.size(), promotedProducts, shares, trade.visits(), trade.bindings(), trade.orders(),
                    TradePlan.HISTORY_DAYS, trade.ordersByRule(), trade.selfPurchases(), trade.completions(), trade.refunds(),
                    trade.settlementRuns() + 1, withdrawals);
        }
    }

    private final Shops shops;
    private final ApiKeys apiKeys;
    private final DemoNetwork network;
    private final DemoCatalog catalog;
    private final DemoShares shares;
    private final TradeReplay replay;
    private final DemoWithdrawals withdrawals;
    private final DemoProgramme programme;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Database database;
    private final JdbcClient jdbc;

    DemoSeed(Shops shops, ApiKeys apiKeys, DemoNetwork network, DemoCatalog catalog, DemoShares shares, TradeReplay replay,
            DemoWithdrawals withdrawals, DemoProgramme programme, TransactionTemplate transactions, Clock clock, Database database,
            JdbcClient jdbc) {
        this.shops = shops;
        this.apiKeys = apiKeys;
        this.network = network;
        this.catalog = catalog;
        this.shares = shares;
        this.replay = replay;
        this.withdrawals = withdrawals;
        this.programme = programme;
        this.transactions = transactions;
        this.clock = clock;
        this.database = database;
        this.jdbc = jdbc;
    }

    /**
     * One transaction: a crash half-way leaves no half-built demo behind (the next start seeds
     * again), and the scheduled settlement job cannot settle the shop as of today while its
     * history is still being played.
     */
    Seeded seed(DemoSize size) {
        return transactions.execute(tx -> plant(size));
    }

    private Seeded plant(DemoSize size) {
        Random random = new Random(RANDOM_SEED);
        Instant now = clock.instant();
        // The defaults are the demo's programme: two levels of commission (6 % / 1 %), approval
        // of applications, last-touch bindings for 30 days, settlement 8 days after completion.
        ProgrammeSettings settings = ProgrammeSettings.defaults();
        Shop shop = shops.create(SHOP_NAME, settings);
        String key = apiKeys.register(shop.id(), "demo key (see README)", apiKey(shop.id())).key();
        DemoProgramme.Templates templates = programme.establish(shop.id());
        DemoNetwork.Grown grown = network.grow(shop.id(), size.sharers(), random);
        programme.organise(shop.id(), templates, grown.members(), now.minus(Duration.ofDays(TradePlan.HISTORY_DAYS + 1)));
        List<DemoCatalog.Item> items = catalog.stock(shop.id());
        List<Share> spread = shares.spread(shop.id(), grown.members(), items, random);
        gatherStatistics();
        List<TradePlan.Event> history = TradePlan.plan(random, now, settings.zone(),
                Duration.ofDays(settings.settlementDelayDays()), size.orders(), grown.members(), spread, items);
        TradeReplay.Played trade = replay.play(shop.id(), history, day -> {
            // Before the 1st, 2nd, 4th, 8th… settlement day: in between, the history's tables at most double.
            if (Integer.bitCount(day) == 1) {
                gatherStatistics();
            }
        });
        programme.openingGrants(shop.id(), grown.members(), random);
        Settlement.Result settled = replay.settle(shop.id(), now);
        Map<Withdrawal.Status, Integer> withdrawn = withdrawals.request(shop.id(), grown.members(), random);
        int promoted = (int) items.stream().filter(DemoCatalog.Item::promoted).count();
        return new Seeded(shop, key, grown, promoted, spread.size(), trade, settled, withdrawn);
    }

    /**
     * PostgreSQL plans a statement from its tables' statistics, which autovacuum gathers from
     * committed rows only, and keeps a prepared statement's plan until they change. The demo is one
     * transaction, so without this the history's statements would be planned for the empty tables
     * they began with: the sharers' chains as loops over every sharer, a commission line's update as
     * a scan of all of them (4 minutes for the demo instead of seconds). ANALYZE in the transaction
     * counts its own rows; it runs once the network is planted, and again whenever the history has
     * about doubled. It reads every table of the database, which the demo only seeds when empty.
     */
    private void gatherStatistics() {
        if (database.postgres()) {
            jdbc.sql("analyze").update();
        }
    }
}
