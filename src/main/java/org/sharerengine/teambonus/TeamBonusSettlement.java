package org.sharerengine.teambonus;

import java.time.Instant;
import java.util.List;
import org.sharerengine.commission.SettlementStep;
import org.sharerengine.ledger.Account;
import org.sharerengine.ledger.Journal;
import org.sharerengine.ledger.Journal.Leg;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles team bonus lines with commission (SPEC §8: "settled like commission"): a pending line
 * whose settlement delay after its period's end has passed moves from pending to available.
 * Batches of one transaction each; a settled line is never settled again.
 */
@Component
class TeamBonusSettlement implements SettlementStep {

    static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Ledger ledger;
    private final TransactionTemplate transactions;

    TeamBonusSettlement(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Ledger ledger, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.ledger = ledger;
        this.transactions = transactions;
    }

    @Override
    public Settled settle(ShopId shop, Instant asOf) {
        int lines = 0;
        long fen = 0;
        Settled settled;
        do {
            settled = transactions.execute(tx -> settleBatch(shop, asOf));
            lines += settled.lines();
            fen += settled.fen();
        } while (settled.lines() == BATCH);
        return new Settled(lines, fen);
    }

    private Settled settleBatch(ShopId shop, Instant asOf) {
        record Due(long id, SharerId leader, long amountFen) {
        }
        List<Due> due = jdbc.sql("""
                select id, leader_id, amount_fen from team_bonus_line
                where shop_id = :shop and status = 'PENDING' and settle_after <= :asOf
                order by id fetch first :batch rows only for update""")
                .param("shop", shop.value()).param("asOf", Timestamps.utc(asOf)).param("batch", BATCH)
                .query((rs, n) -> new Due(rs.getLong("id"), new SharerId(rs.getLong("leader_id")), rs.getLong("amount_fen"))).list();
        if (due.isEmpty()) {
            return new Settled(0, 0);
        }
        batch.batchUpdate("update team_bonus_line set status = 'SETTLED', settled_at = :asOf where shop_id = :shop and id = :id",
                due.stream().map(d -> new MapSqlParameterSource().addValue("asOf", Timestamps.utc(asOf))
                        .addValue("shop", shop.value()).addValue("id", d.id())).toArray(MapSqlParameterSource[]::new));
        ledger.post(shop, due.stream().map(d -> Journal.transfer("SETTLEMENT", "team-bonus-line:" + d.id(),
                Leg.of(Account.SHARER_PENDING, d.leader(), -d.amountFen()),
                Leg.of(Account.SHARER_AVAILABLE, d.leader(), d.amountFen()))).toList());
        return new Settled(due.size(), due.stream().mapToLong(Due::amountFen).sum());
    }
}
