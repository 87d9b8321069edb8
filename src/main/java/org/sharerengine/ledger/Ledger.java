package org.sharerengine.ledger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only double-entry ledger (SPEC §7). Entries are never changed; the wallet row of
 * each sharer caches the sums of that sharer's entries and is changed only here, in the
 * transaction that appends them. Wallet rows are updated in sharer-id order, so concurrent
 * postings never deadlock on each other.
 */
@Service
public class Ledger {

    /**
     * Journal ids are version-7 UUIDs: they begin with the time, so journals sort in the order they
     * were posted. (They once also kept an index on journal ids appending at its end; no query used
     * that index, and it is gone since V10.)
     */
    private static final TimeBasedEpochGenerator JOURNAL_IDS = Generators.timeBasedEpochGenerator();

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Clock clock;
    /** PostgreSQL: wallets move by upsert, so a posting without guarded legs waits in a pipeline. */
    private final boolean upsertWallets;

    Ledger(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Clock clock, Database database) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
        this.upsertWallets = database.postgres();
    }

    /** Thrown when a guarded leg would take an account below zero; nothing of the posting is kept. */
    public static class InsufficientFunds extends ApiProblem {
        InsufficientFunds(SharerId sharer) {
            super(org.springframework.http.HttpStatus.CONFLICT, "insufficient_balance",
                    "Sharer " + sharer + " does not have enough available balance.", Map.of());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void post(ShopId shop, Journal journal) {
        post(shop, List.of(journal));
    }

    /** Appends the journals' entries and moves the wallets in one go (one batch for all wallets touched). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void post(ShopId shop, List<Journal> journals) {
        if (journals.isEmpty()) {
            return;
        }
        Posting posting = posting(shop, journals);
        move(shop, posting.deltas());
        if (!posting.entries().isEmpty()) {
            batch.getJdbcTemplate().batchUpdate(Pipeline.insertValues("ledger_entry", ENTRY_COLUMNS), posting.entries());
        }
    }

    /**
     * Like {@link #post(ShopId, List)}, through the transaction's pipeline: on PostgreSQL, when no
     * leg is guarded (nothing to check before it may move), the wallets move by one multi-row upsert
     * in sharer-id order, which creates a missing wallet as it goes, and the entries follow as one
     * multi-row insert, both kept in the pipeline. A guarded posting, or one on H2, has to know which
     * wallets moved: the pipeline is sent and the posting goes as {@link #post(ShopId, List)}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void post(ShopId shop, List<Journal> journals, Pipeline pipeline) {
        if (!upsertWallets || journals.stream().flatMap(journal -> journal.legs().stream()).anyMatch(Journal.Leg::guarded)) {
            pipeline.send();
            post(shop, journals);
            return;
        }
        Posting posting = posting(shop, journals);
        Map<Long, WalletDelta> deltas = posting.deltas();
        pipeline.insert("wallet as w",
                "shop_id int8, sharer_id int8, pending_fen int8, available_fen int8, frozen_fen int8, paid_out_fen int8", """
                on conflict (shop_id, sharer_id) do update set pending_fen = w.pending_fen + excluded.pending_fen,
                  available_fen = w.available_fen + excluded.available_fen, frozen_fen = w.frozen_fen + excluded.frozen_fen,
                  paid_out_fen = w.paid_out_fen + excluded.paid_out_fen""",
                deltas.entrySet().stream().map(e -> new Object[] {shop.value(), e.getKey(), e.getValue().pending,
                        e.getValue().available, e.getValue().frozen, e.getValue().paidOut}).toList());
        pipeline.insert("ledger_entry", ENTRY_COLUMNS, "", posting.entries());
    }

    private static final String ENTRY_COLUMNS = """
            shop_id int8, journal_id varchar, account varchar, sharer_id int8, amount_fen int8, kind varchar, reference varchar,
            created_at timestamptz""";

    /** The wallets' moves, by sharer id in ascending order, and the entries (values in the order of {@link #ENTRY_COLUMNS}). */
    private record Posting(Map<Long, WalletDelta> deltas, List<Object[]> entries) {
    }

    private Posting posting(ShopId shop, List<Journal> journals) {
        OffsetDateTime now = Timestamps.utc(clock.instant());
        Map<Long, WalletDelta> deltas = new TreeMap<>();
        List<Object[]> entries = new ArrayList<>();
        for (Journal journal : journals) {
            String journalId = JOURNAL_IDS.generate().toString();
            for (Journal.Leg leg : journal.legs()) {
                if (leg.amountFen() == 0) {
                    continue;
                }
                if (leg.sharerId() != null) {
                    deltas.computeIfAbsent(leg.sharerId().value(), id -> new WalletDelta()).add(leg);
                }
                entries.add(new Object[] {shop.value(), journalId, leg.account().name(),
                        leg.sharerId() == null ? null : leg.sharerId().value(), leg.amountFen(), journal.kind(), journal.reference(), now});
            }
        }
        return new Posting(deltas, entries);
    }

    private static final String MOVE_WALLET = """
            update wallet set pending_fen = pending_fen + :pending, available_fen = available_fen + :available,
              frozen_fen = frozen_fen + :frozen, paid_out_fen = paid_out_fen + :paidOut
            where shop_id = :shop and sharer_id = :sharer and (:guarded = false or available_fen + :available >= 0)""";

    /**
     * Moves every wallet in one batch, in sharer-id order. A wallet that did not move is either
     * missing (created, then moved in a second batch) or guarded and short of money.
     */
    private void move(ShopId shop, Map<Long, WalletDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        List<MapSqlParameterSource> moves = new ArrayList<>(deltas.size());
        deltas.forEach((sharer, delta) -> moves.add(new MapSqlParameterSource()
                .addValue("pending", delta.pending).addValue("available", delta.available).addValue("frozen", delta.frozen)
                .addValue("paidOut", delta.paidOut).addValue("guarded", delta.availableGuarded)
                .addValue("shop", shop.value()).addValue("sharer", sharer)));
        List<MapSqlParameterSource> unmoved = unmoved(moves, batch.batchUpdate(MOVE_WALLET, moves.toArray(MapSqlParameterSource[]::new)));
        if (unmoved.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                insert into wallet (shop_id, sharer_id, pending_fen, available_fen, frozen_fen, paid_out_fen)
                values (:shop, :sharer, 0, 0, 0, 0) on conflict do nothing""", unmoved.toArray(MapSqlParameterSource[]::new));
        List<MapSqlParameterSource> shortOfMoney = unmoved(unmoved, batch.batchUpdate(MOVE_WALLET, unmoved.toArray(MapSqlParameterSource[]::new)));
        if (!shortOfMoney.isEmpty()) {
            throw new InsufficientFunds(new SharerId((Long) shortOfMoney.getFirst().getValue("sharer")));
        }
    }

    private static List<MapSqlParameterSource> unmoved(List<MapSqlParameterSource> moves, int[] counts) {
        List<MapSqlParameterSource> unmoved = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                unmoved.add(moves.get(i));
            }
        }
        return unmoved;
    }

    public Balance balance(ShopId shop, SharerId sharer) {
        return jdbc.sql("select * from wallet where shop_id = :shop and sharer_id = :sharer")
                .param("shop", shop.value()).param("sharer", sharer.value())
                .query((rs, n) -> new Balance(rs.getLong("pending_fen"), rs.getLong("available_fen"), rs.getLong("frozen_fen"),
                        rs.getLong("paid_out_fen")))
                .optional().orElse(Balance.ZERO);
    }

    /**
     * A sharer's entries, newest first, keyset-paged by entry id: a page reads its own rows off the
     * index (shop, sharer, id), backwards. The order names the index from its first column, though
     * shop and sharer are fixed, since only then does H2 read it in order (otherwise it read all the
     * sharer's entries and sorted them).
     */
    public List<LedgerEntry> entries(ShopId shop, SharerId sharer, long beforeId, int limit) {
        return jdbc.sql("""
                select * from ledger_entry where shop_id = :shop and sharer_id = :sharer and id < :before
                order by shop_id desc, sharer_id desc, id desc fetch first :limit rows only""")
                .param("shop", shop.value()).param("sharer", sharer.value()).param("before", beforeId).param("limit", limit)
                .query((rs, n) -> new LedgerEntry(rs.getLong("id"), rs.getString("journal_id"),
                        Account.valueOf(rs.getString("account")), new SharerId(rs.getLong("sharer_id")),
                        rs.getLong("amount_fen"), rs.getString("kind"), rs.getString("reference"),
                        Timestamps.instant(rs, "created_at")))
                .list();
    }

    /** The auditor's view: the books must sum to zero and every wallet must equal the sums of its entries. */
    public record Audit(long totalFen, Map<String, Long> byAccount, int walletsChecked, List<String> mismatches) {
        public boolean balanced() {
            return totalFen == 0 && mismatches.isEmpty();
        }
    }

    @Transactional(readOnly = true)
    public Audit audit(ShopId shop) {
        Map<String, Long> byAccount = new TreeMap<>();
        jdbc.sql("select account, sum(amount_fen) total from ledger_entry where shop_id = :shop group by account")
                .param("shop", shop.value())
                .query(rs -> {
                    byAccount.put(rs.getString("account"), rs.getLong("total"));
                });
        long total = byAccount.values().stream().mapToLong(Long::longValue).sum();
        List<String> mismatches = jdbc.sql("""
                select w.sharer_id, w.pending_fen, w.available_fen, w.frozen_fen, w.paid_out_fen,
                  coalesce(e.pending, 0) e_pending, coalesce(e.available, 0) e_available, coalesce(e.frozen, 0) e_frozen,
                  coalesce(e.paid_out, 0) e_paid_out
                from wallet w left join (
                  select sharer_id,
                    sum(case when account = 'SHARER_PENDING' then amount_fen else 0 end) pending,
                    sum(case when account = 'SHARER_AVAILABLE' then amount_fen else 0 end) available,
                    sum(case when account = 'SHARER_FROZEN' then amount_fen else 0 end) frozen,
                    sum(case when account = 'SHARER_PAID_OUT' then amount_fen else 0 end) paid_out
                  from ledger_entry where shop_id = :shop and sharer_id is not null group by sharer_id) e
                  on e.sharer_id = w.sharer_id
                where w.shop_id = :shop
                  and (w.pending_fen <> coalesce(e.pending, 0) or w.available_fen <> coalesce(e.available, 0)
                    or w.frozen_fen <> coalesce(e.frozen, 0) or w.paid_out_fen <> coalesce(e.paid_out, 0))""")
                .param("shop", shop.value())
                .query((rs, n) -> "sharer " + rs.getLong("sharer_id") + ": wallet " + rs.getLong("pending_fen") + "/"
                        + rs.getLong("available_fen") + "/" + rs.getLong("frozen_fen") + "/" + rs.getLong("paid_out_fen")
                        + " but entries " + rs.getLong("e_pending") + "/" + rs.getLong("e_available") + "/"
                        + rs.getLong("e_frozen") + "/" + rs.getLong("e_paid_out"))
                .list();
        int wallets = jdbc.sql("select count(*) from wallet where shop_id = :shop").param("shop", shop.value())
                .query(Integer.class).single();
        return new Audit(total, byAccount, wallets, mismatches);
    }

    private static final class WalletDelta {
        long pending;
        long available;
        long frozen;
        long paidOut;
        boolean availableGuarded;

        void add(Journal.Leg leg) {
            switch (leg.account()) {
                case SHARER_PENDING -> pending += leg.amountFen();
                case SHARER_AVAILABLE -> {
                    available += leg.amountFen();
                    availableGuarded |= leg.guarded();
                }
                case SHARER_FROZEN -> frozen += leg.amountFen();
                case SHARER_PAID_OUT -> paidOut += leg.amountFen();
                default -> throw new IllegalArgumentException(leg.account() + " is not a wallet account");
            }
        }
    }
}
