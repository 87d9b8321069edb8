package org.sharerengine.commission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Product;
import org.sharerengine.catalog.Products;
import org.sharerengine.ledger.Account;
import org.sharerengine.ledger.Journal;
import org.sharerengine.ledger.Journal.Leg;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.leveling.SharerLevels;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.BatchInserts;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Programme;
import org.sharerengine.shop.ProgrammeSettings;

/**
 * The commission of one intake: one order or a batch of them, priced one after another exactly
 * as if each had arrived alone, and written together. What does not change between the orders is
 * read once (the products of all lines, their boosts, the uplines of all attributed sharers
 * together, the level ranks of everyone in those uplines, each template); a
 * sharer's level rank is read again only after the sharer's own sale may have moved it.
 */
public final class CommissionRun {

    /** The table the run writes its lines to, for drawing their ids ahead ({@link #mostLines}). */
    public static final String TABLE = "commission_line";

    private record Earned(PaidOrder order, PaidOrder.Line line, int depth, SharerId beneficiary, CommissionPolicy.Priced priced,
            long amount) {

        Object[] row(ShopId shop, Instant now) {
            return Commissions.row(shop, order, line, depth, beneficiary, priced, amount, now);
        }
    }

    /** What a run reads from and writes to; {@link Commissions} holds one for all its runs. */
    record Sources(Products products, Boosts boosts, Sharers sharers, SharerLevels levels, CommissionTemplates templates,
            BatchInserts inserts, Ledger ledger) {
    }

    private final Sources sources;
    private final ShopId shop;
    private final ProgrammeSettings settings;
    private final Map<String, Product> library;
    private final List<Boost> boosts;
    private final Map<SharerId, List<Sharer>> chains;
    private final Map<SharerId, Integer> ranks = new HashMap<>();
    private final Map<Long, CommissionTemplate> templates = new HashMap<>();
    /** The version of the programme the run prices by: what it keeps in memory was read at it. */
    private final long programmeVersion;
    private final List<Earned> earned = new ArrayList<>();
    private final Instant now;

    CommissionRun(Sources sources, ShopId shop, Programme programme, Collection<String> productIds,
            Collection<Instant> paidAts, Map<SharerId, List<Sharer>> chains, Instant now) {
        this.sources = sources;
        this.shop = shop;
        this.settings = programme.settings();
        this.programmeVersion = programme.version();
        this.library = productIds.isEmpty() ? Map.of() : sources.products().findAll(shop, programme.version(), productIds);
        this.boosts = paidAts.isEmpty() ? List.of() : sources.boosts().covering(shop, programme.version(), library.values(),
                Collections.min(paidAts), Collections.max(paidAts));
        // Intake changes no sharer and no inviter, so the chains read before it hold for every order.
        this.chains = new HashMap<>(chains);
        this.now = now;
    }

    /** The attributed sharer, then its inviters as deep as the shop pays; empty when the sharer is unknown. */
    private List<Sharer> chainOf(SharerId sharer) {
        return chains.computeIfAbsent(sharer, id -> sources.sharers().upline(shop, id, settings.commissionDepth()));
    }

    /** The sharer is known and active, so its orders can pay and count. */
    public boolean earns(SharerId sharer) {
        List<Sharer> chain = chainOf(sharer);
        return !chain.isEmpty() && chain.getFirst().status().earns();
    }

    /** Every sharer of the chains the run holds, whose ranks its prices may depend on. */
    public Set<SharerId> chainSharers() {
        Set<SharerId> sharers = new HashSet<>();
        chains.values().forEach(chain -> chain.forEach(sharer -> sharers.add(sharer.id())));
        return sharers;
    }

    /**
     * Ranks the caller read, after locking the sellers' level rows and before pricing any order, so
     * that the run reads no rank of these sharers itself.
     */
    public void ranksRead(Map<SharerId, Integer> read) {
        ranks.putAll(read);
    }

    /**
     * The sharer's sale moved its level to {@code rank}: its next orders in this run earn at that
     * rank. Told rather than read again, since the move may still wait in the intake's pipeline.
     */
    public void levelMoved(SharerId sharer, int rank) {
        ranks.put(sharer, rank);
    }

    /**
     * Prices the order's lines (SPEC §4): level 1 goes to the attributed sharer (unless it is a
     * self-purchase and the shop pays none), level 2 and 3 to the inviters, as deep as the shop
     * allows. Only promoted products pay, and only through an active sharer: an order of an
     * applicant, a frozen, rejected or removed sharer pays no one, and an inactive inviter's depth
     * is skipped. An exclusive product pays no one when the attributed sharer is below its level,
     * and skips any inviter below it. The lines are kept for {@link #write()}, which answers them.
     */
    public void price(PaidOrder order) {
        if (order.attributedSharerId() == null || !earns(order.attributedSharerId())) {
            return;
        }
        List<Sharer> chain = chainOf(order.attributedSharerId());
        Map<String, Product> ordered = order.lines().stream().map(PaidOrder.Line::productId).distinct()
                .map(library::get).filter(Objects::nonNull).collect(Collectors.toMap(Product::productId, p -> p));
        if (ordered.isEmpty()) {
            return;
        }
        Standings standings = standings(chain,
                ordered.values().stream().anyMatch(product -> product.commissionMode() == CommissionMode.LEVEL_RATE));
        CommissionPolicy.Standing seller = standings.of(chain.getFirst());
        PaidOrder.MonthToDate monthToDate = CommissionTemplate.pricesByTierSteps(seller.template())
                ? order.monthToDate().in(settings.zone()) : PaidOrder.MonthToDate.NONE;
        Map<String, Boost> boosted = Boosts.strongest(boosts, ordered.values(), order.paidAt());
        for (PaidOrder.Line line : order.lines()) {
            Product product = ordered.get(line.productId());
            if (product == null || !product.earnableAt(seller.levelRank())) {
                continue;
            }
            for (int depth = 1; depth <= chain.size(); depth++) {
                Sharer beneficiary = chain.get(depth - 1);
                CommissionPolicy.Standing standing = standings.of(beneficiary);
                boolean unpaidSelfPurchase = depth == 1 && order.selfPurchase() && !settings.selfPurchaseCommission();
                if (!beneficiary.status().earns() || unpaidSelfPurchase || !product.earnableAt(standing.levelRank())) {
                    continue;
                }
                Optional<CommissionPolicy.Priced> priced = CommissionPolicy.price(product, depth, line, standing, settings,
                        monthToDate, boosted.get(product.productId()));
                long amount = priced.map(p -> p.terms().commissionOn(line.amountFen(), line.amountFen())).orElse(0L);
                if (amount <= 0) {
                    continue;
                }
                earned.add(new Earned(order, line, depth, beneficiary.id(), priced.get(), amount));
            }
        }
    }

    /** The chain's ranks (read for those not known yet) and, when a LEVEL_RATE product is ordered, their templates. */
    private Standings standings(List<Sharer> chain, boolean withTemplates) {
        if (chain.stream().anyMatch(sharer -> !ranks.containsKey(sharer.id()))) {
            // Ranks intake did not read with its lock (no level programme, or a chain read late): those of every chain of
            // the run (this one among them: chainOf keeps each chain it reads) at once, not a read per order. The first
            // read comes with the first order priced, after intake locked its sellers' level rows, so it sees what those
            // rows hold.
            Set<SharerId> unranked = chainSharers();
            unranked.removeAll(ranks.keySet());
            ranks.putAll(sources.levels().ranksOf(shop, unranked));
        }
        if (withTemplates) {
            readTemplates(chain.stream().map(Sharer::templateId));
        }
        Map<SharerId, Integer> chainRanks = new HashMap<>();
        chain.forEach(s -> chainRanks.put(s.id(), ranks.getOrDefault(s.id(), SharerLevels.FIRST_RANK)));
        return new Standings(chainRanks, withTemplates ? templates : Map.of());
    }

    /** Reads the templates among these ids (nulls: none) that the run has not read yet, at once. */
    private void readTemplates(Stream<Long> ids) {
        List<Long> missing = ids.filter(Objects::nonNull).filter(id -> !templates.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            templates.putAll(sources.templates().byIds(shop, programmeVersion, missing));
        }
    }

    /**
     * The sellers among these whose orders may ask for their month so far: those who earn, on a
     * template with tier steps. Intake reads their months before pricing, all in one statement,
     * rather than one read per seller as pricing asks.
     */
    public Set<SharerId> pricedByTierSteps(Collection<SharerId> sellers) {
        List<Sharer> earning = sellers.stream().distinct().filter(this::earns).map(seller -> chainOf(seller).getFirst()).toList();
        readTemplates(earning.stream().map(Sharer::templateId));
        return earning.stream()
                .filter(seller -> CommissionTemplate.pricesByTierSteps(templates.get(seller.templateId())))
                .map(Sharer::id).collect(Collectors.toSet());
    }

    /** Where an order's beneficiaries stand; {@code templates} is empty when the order has no LEVEL_RATE product. */
    private record Standings(Map<SharerId, Integer> ranks, Map<Long, CommissionTemplate> templates) {

        CommissionPolicy.Standing of(Sharer sharer) {
            return new CommissionPolicy.Standing(ranks.get(sharer.id()),
                    sharer.templateId() == null ? null : templates.get(sharer.templateId()));
        }
    }

    /**
     * The most commission lines an order attributed to {@code sharer} can earn with lines of these
     * products: one per line of a product in the library and per sharer of the chain that may be paid,
     * so that their ids can be drawn with the orders' own before the orders are priced ({@link #write}).
     */
    public int mostLines(SharerId sharer, List<String> productIds) {
        if (sharer == null || !earns(sharer)) {
            return 0;
        }
        return (int) productIds.stream().filter(library::containsKey).count() * chainOf(sharer).size();
    }

    /**
     * Writes every priced line in one multi-row insert (a 500-line order with three depths is one
     * statement, not 1,500) and posts their commission to the beneficiaries' pending money, both
     * through the intake's pipeline; the unique key order line × depth makes a second computation
     * impossible. Runs inside the intake's transaction. Answers the lines as written, in the order
     * priced (each order's lines by line, then depth), so that intake can show them without reading
     * them back.
     */
    public List<CommissionLine> write(Pipeline pipeline, BatchInserts.Reserved reserved) {
        if (earned.isEmpty()) {
            return List.of();
        }
        long[] ids = sources.inserts().insert(pipeline, TABLE, Commissions.LINE_COLUMNS,
                earned.stream().map(line -> line.row(shop, now)).toList(), reserved);
        List<Journal> journals = new ArrayList<>(earned.size());
        List<CommissionLine> written = new ArrayList<>(earned.size());
        for (int i = 0; i < earned.size(); i++) {
            Earned line = earned.get(i);
            long id = ids[i];
            journals.add(Journal.transfer("COMMISSION", "commission-line:" + id,
                    Leg.shop(Account.SHOP_COMMISSION, -line.amount()), Leg.of(Account.SHARER_PENDING, line.beneficiary(), line.amount())));
            written.add(Commissions.line(id, line.order(), line.line(), line.depth(), line.beneficiary(), line.priced(),
                    line.amount(), now));
        }
        sources.ledger().post(shop, journals, pipeline);
        earned.clear();
        return written;
    }
}
