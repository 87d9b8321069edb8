package org.sharerengine.wallet;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sharerengine.ledger.Account;
import org.sharerengine.ledger.Journal;
import org.sharerengine.ledger.Journal.Leg;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Fingerprint;
import org.sharerengine.shared.Money;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Withdrawals (SPEC §7). Requesting freezes the amount with a guarded ledger posting, so two
 * concurrent requests can never overdraw; the idempotency key makes a retried request the
 * same request. Approve → mark paid after the owner's manual transfer; or reject with a
 * reason, which returns the money to available.
 */
@Service
public class Withdrawals {

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Sharers sharers;
    private final Shops shops;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Withdrawals(JdbcClient jdbc, Ledger ledger, Sharers sharers, Shops shops, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.sharers = sharers;
        this.shops = shops;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record WithdrawalRequest(@NotNull Long sharerId, @NotNull @Min(1) Long amountFen, @NotNull Withdrawal.PayoutChannel channel,
            @NotBlank @Size(max = 100) String accountNo, @NotBlank @Size(max = 100) String accountName) {
    }

    public record Requested(Withdrawal withdrawal, boolean replayed) {
    }

    public Requested request(ShopId shop, String idempotencyKey, WithdrawalRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 100) {
            throw ApiProblem.invalid("Idempotency-Key", "header is required (1 to 100 characters) so a retry is the same request");
        }
        String hash = Fingerprint.of(request);
        Optional<Withdrawal> known = byKey(shop, idempotencyKey, hash);
        if (known.isPresent()) {
            return new Requested(known.get(), true);
        }
        try {
            return new Requested(transactions.execute(tx -> create(shop, idempotencyKey, hash, request)), false);
        } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
            return new Requested(byKey(shop, idempotencyKey, hash).orElseThrow(() -> raced), true);
        }
    }

    private Withdrawal create(ShopId shop, String key, String hash, WithdrawalRequest request) {
        SharerId sharerId = new SharerId(request.sharerId());
        Sharer sharer = sharers.find(shop, sharerId).orElseThrow(() -> ApiProblem.invalid("sharerId", "names no sharer of this shop"));
        if (sharer.status() != SharerStatus.ACTIVE) {
            throw ApiProblem.conflict("sharer_not_active", "Sharer " + sharerId + " is " + sharer.status() + " and cannot withdraw.");
        }
        ProgrammeSettings settings = shops.settings(shop);
        long amount = request.amountFen();
        if (amount < settings.withdrawalThresholdFen()) {
            throw ApiProblem.invalid("amountFen", "must be at least the shop's withdrawal threshold of "
                    + settings.withdrawalThresholdFen() + " fen");
        }
        long fee = Money.applyRate(amount, settings.withdrawalFeeBp());
        Instant now = clock.instant();
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into withdrawal (shop_id, idempotency_key, payload_hash, sharer_id, amount_fen, fee_fen, channel, account_no,
                  account_name, status, requested_at)
                values (:shop, :key, :hash, :sharer, :amount, :fee, :channel, :accountNo, :accountName, 'REQUESTED', :now)""")
                .param("shop", shop.value()).param("key", key).param("hash", hash).param("sharer", sharerId.value())
                .param("amount", amount).param("fee", fee).param("channel", request.channel().name())
                .param("accountNo", request.accountNo().strip()).param("accountName", request.accountName().strip())
                .param("now", Timestamps.utc(now))
                .update(id, "id");
        long withdrawalId = id.getKey().longValue();
        // Guarded: fails (and rolls everything back) unless available covers the whole amount.
        ledger.post(shop, Journal.transfer("WITHDRAWAL_REQUESTED", "withdrawal:" + withdrawalId,
                new Leg(Account.SHARER_AVAILABLE, sharerId, -amount, true), Leg.of(Account.SHARER_FROZEN, sharerId, amount)));
        return get(shop, withdrawalId);
    }

    @Transactional
    public Withdrawal approve(ShopId shop, long id) {
        Withdrawal withdrawal = get(shop, id);
        if (withdrawal.status() == Withdrawal.Status.APPROVED) {
            return withdrawal;
        }
        move(shop, withdrawal, Withdrawal.Status.REQUESTED, Withdrawal.Status.APPROVED, "decided_at", null, null);
        return get(shop, id);
    }

    @Transactional
    public Withdrawal reject(ShopId shop, long id, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ApiProblem.invalid("reason", "must say why, in 1 to 500 characters");
        }
        Withdrawal withdrawal = get(shop, id);
        if (withdrawal.status() == Withdrawal.Status.REJECTED) {
            return withdrawal;
        }
        if (withdrawal.status() == Withdrawal.Status.PAID) {
            throw ApiProblem.conflict("invalid_status_transition", "Withdrawal " + id + " is already PAID and cannot be rejected.");
        }
        move(shop, withdrawal, withdrawal.status(), Withdrawal.Status.REJECTED, "decided_at", reason.strip(), null);
        ledger.post(shop, Journal.transfer("WITHDRAWAL_REJECTED", "withdrawal:" + id,
                Leg.of(Account.SHARER_FROZEN, withdrawal.sharerId(), -withdrawal.amountFen()),
                Leg.of(Account.SHARER_AVAILABLE, withdrawal.sharerId(), withdrawal.amountFen())));
        return get(shop, id);
    }

    /** The owner transferred the net amount by hand to the account the sharer gave; the fee stays with the shop. */
    @Transactional
    public Withdrawal markPaid(ShopId shop, long id, String payoutReference) {
        if (payoutReference != null && payoutReference.length() > 100) {
            throw ApiProblem.invalid("reference", "must be at most 100 characters");
        }
        Withdrawal withdrawal = get(shop, id);
        if (withdrawal.status() == Withdrawal.Status.PAID) {
            return withdrawal;
        }
        move(shop, withdrawal, Withdrawal.Status.APPROVED, Withdrawal.Status.PAID, "paid_at", null, payoutReference);
        ledger.post(shop, new Journal("WITHDRAWAL_PAID", "withdrawal:" + id, List.of(
                Leg.of(Account.SHARER_FROZEN, withdrawal.sharerId(), -withdrawal.amountFen()),
                Leg.of(Account.SHARER_PAID_OUT, withdrawal.sharerId(), withdrawal.netFen()),
                Leg.shop(Account.SHOP_WITHDRAWAL_FEES, withdrawal.feeFen()))));
        return get(shop, id);
    }

    /** A conditional status change: of two concurrent decisions on one withdrawal exactly one wins. */
    private void move(ShopId shop, Withdrawal withdrawal, Withdrawal.Status from, Withdrawal.Status to, String timeColumn,
            String reason, String reference) {
        int changed = jdbc.sql("update withdrawal set status = :to, " + timeColumn + " = :now, reject_reason = coalesce(:reason, reject_reason),"
                        + " payout_reference = coalesce(:reference, payout_reference) where shop_id = :shop and id = :id and status = :from")
                .param("to", to.name()).param("now", Timestamps.utc(clock.instant())).param("reason", reason)
                .param("reference", reference).param("shop", shop.value()).param("id", withdrawal.id()).param("from", from.name())
                .update();
        if (changed == 0) {
            throw ApiProblem.conflict("invalid_status_transition", "Withdrawal " + withdrawal.id() + " is " + withdrawal.status()
                    + "; only a " + from + " withdrawal can become " + to + ".");
        }
    }

    public Withdrawal get(ShopId shop, long id) {
        return jdbc.sql("select * from withdrawal where shop_id = :shop and id = :id").param("shop", shop.value()).param("id", id)
                .query(Withdrawals::map).optional().orElseThrow(() -> ApiProblem.notFound("withdrawal", id));
    }

    public List<Withdrawal> list(ShopId shop, Withdrawal.Status status, SharerId sharer, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("select * from withdrawal where shop_id = :shop and id > :after");
        if (status != null) {
            sql.append(" and status = :status");
        }
        if (sharer != null) {
            sql.append(" and sharer_id = :sharer");
        }
        var query = jdbc.sql(sql + " order by id fetch first :limit rows only")
                .param("shop", shop.value()).param("after", afterId).param("limit", limit);
        if (status != null) {
            query = query.param("status", status.name());
        }
        if (sharer != null) {
            query = query.param("sharer", sharer.value());
        }
        return query.query(Withdrawals::map).list();
    }

    /** The withdrawal this key already made, if any; the same key with another payload is a conflict. */
    private Optional<Withdrawal> byKey(ShopId shop, String key, String hash) {
        record Stored(String hash, Withdrawal withdrawal) {
        }
        Optional<Stored> stored = jdbc.sql("select * from withdrawal where shop_id = :shop and idempotency_key = :key")
                .param("shop", shop.value()).param("key", key)
                .query((rs, n) -> new Stored(rs.getString("payload_hash"), map(rs, n))).optional();
        if (stored.isPresent() && !stored.get().hash().equals(hash)) {
            throw ApiProblem.conflict("idempotency_conflict",
                    "Idempotency-Key " + key + " was already used for a different withdrawal request.");
        }
        return stored.map(Stored::withdrawal);
    }

    private static Withdrawal map(ResultSet rs, int row) throws SQLException {
        long amount = rs.getLong("amount_fen");
        long fee = rs.getLong("fee_fen");
        return new Withdrawal(rs.getLong("id"), new SharerId(rs.getLong("sharer_id")), amount, fee, amount - fee,
                Withdrawal.PayoutChannel.valueOf(rs.getString("channel")), rs.getString("account_no"),
                rs.getString("account_name"), Withdrawal.Status.valueOf(rs.getString("status")), rs.getString("reject_reason"),
                rs.getString("payout_reference"), Timestamps.instant(rs, "requested_at"), Timestamps.instant(rs, "decided_at"),
                Timestamps.instant(rs, "paid_at"));
    }
}
