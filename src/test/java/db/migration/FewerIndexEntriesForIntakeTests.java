package db.migration;

import static db.migration.MigrationSchema.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.TestDatabase;

/**
 * V18 (PostgreSQL) on a database that V17 left with commission lines, ledger entries and level facts:
 * a commission line stays unique per order line and depth and a level fact per sharer, kind and
 * reference, on both databases; and on PostgreSQL the reads the fewer or narrower indexes are kept
 * for still find their rows by them — settlement's due lines, a sharer's ledger entries, a refund's
 * commission lines and level facts, a grant — in the plans PostgreSQL makes for any arguments (as it
 * does for a statement prepared and run often). On H2, or on a schema of its own in the suite's
 * PostgreSQL database in the PostgreSQL pass.
 */
class FewerIndexEntriesForIntakeTests {

    @Test
    void linesAndFactsStayUniqueAndTheirReadsStayIndexed() throws SQLException {
        MigrationSchema schema = new MigrationSchema("v18_test");
        schema.at("17", sql -> {
            // Order 100: line 1000 paid at depths 1 and 2, due to settle; line 1001 not completed yet; order 101 settled.
            line(sql, 1, 100, 1000, 1, "PENDING", "2026-03-01 00:00:00");
            line(sql, 2, 100, 1000, 2, "PENDING", "2026-03-01 00:00:00");
            line(sql, 3, 100, 1001, 1, "PENDING", null);
            line(sql, 4, 101, 1002, 1, "SETTLED", "2026-02-01 00:00:00");
            entry(sql, 1, 7L, "SHARER_PENDING", 60);
            entry(sql, 2, null, "SHOP_COMMISSION", -60);
            activity(sql, "SALE", "100", 100L);
            activity(sql, "REFUND", "900", 100L);
            activity(sql, "GRANT", "g-1", null);
            activity(sql, "CUSTOMER", "c-1", null);
        });

        schema.migrateTo("latest");

        schema.on(sql -> {
            refusedAsDuplicate(() -> line(sql, 5, 100, 1000, 2, "PENDING", null), "a second line for order line 1000 at depth 2");
            line(sql, 6, 100, 1000, 3, "PENDING", null);
            for (String[] again : List.of(new String[] {"SALE", "100", "100"}, new String[] {"REFUND", "900", "100"},
                    new String[] {"GRANT", "g-1", null}, new String[] {"CUSTOMER", "c-1", null})) {
                refusedAsDuplicate(() -> activity(sql, again[0], again[1], again[2] == null ? null : Long.valueOf(again[2])),
                        "a second " + again[0] + " " + again[1] + " of sharer 7");
            }
            activity(sql, "GRANT", "g-2", null);
            activity(sql, "SALE", "101", 101L);
            assertThat(rows(sql, "select kind, reference from level_activity where shop_id = 1 order by id"))
                    .containsExactly("SALE 100", "REFUND 900", "GRANT g-1", "CUSTOMER c-1", "GRANT g-2", "SALE 101");
            assertThat(rows(sql, "select id from commission_line where shop_id = 1 and order_id = 100 order by order_line_id, depth"))
                    .containsExactly("1", "2", "6", "3");
            if (!TestDatabase.postgres()) {
                return;
            }
            // A shop's history: lines settled long ago, their entries and facts, which the reads must not walk.
            sql.execute("""
                    insert into commission_line (shop_id, id, order_id, order_line_id, depth, beneficiary_id, attributed_sharer_id,
                        attribution_rule, order_external_id, line_external_id, product_id, quantity, rule, line_amount_fen,
                        kept_amount_fen, original_fen, amount_fen, status, settle_after, created_at)
                    select 1, 100 + n, 200 + n, 2000 + n, 1, 7, 7, 'SHARE_LINK', 'h' || n, 'l1', 'tea', 1, 'RATE', 1000, 1000, 60,
                        60, 'SETTLED', timestamp with time zone '2026-01-20 00:00:00+00', timestamp with time zone '2026-01-10 00:00:00+00'
                    from generate_series(1, 5000) n""");
            sql.execute("""
                    insert into ledger_entry (shop_id, id, journal_id, account, sharer_id, amount_fen, kind, reference, created_at)
                    select 1, 10 + n, 'h' || (n / 2), case when n % 2 = 0 then 'SHARER_PENDING' else 'SHOP_COMMISSION' end,
                        case when n % 2 = 0 then 1000 + n end, case when n % 2 = 0 then 60 else -60 end, 'COMMISSION', 'h',
                        timestamp with time zone '2026-01-10 00:00:00+00'
                    from generate_series(1, 5000) n""");
            sql.execute("""
                    insert into level_activity (shop_id, id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                        customers, team_members, occurred_at, created_at)
                    select 1, 100 + n, 1000 + n / 2, case when n % 2 = 0 then 'SALE' else 'CUSTOMER' end, cast(3000 + n as varchar),
                        case when n % 2 = 0 then 3000 + n end, 10, 0, 0, 0, 0, 0, timestamp with time zone '2026-01-10 00:00:00+00',
                        timestamp with time zone '2026-01-10 00:00:00+00'
                    from generate_series(1, 5000) n""");
            for (String table : List.of("commission_line", "ledger_entry", "level_activity")) {
                sql.execute("analyze " + table);
            }
            String due = plan(sql, "(bigint, timestamptz)", """
                    select id from commission_line where shop_id = $1 and status = 'PENDING' and settle_after <= $2
                    order by id fetch first 500 rows only for update""", "1, '2026-03-02 00:00:00+00'");
            assertThat(due).contains("commission_line_due");
            assertThat(rows(sql, """
                    select id from commission_line where shop_id = 1 and status = 'PENDING'
                      and settle_after <= timestamp with time zone '2026-03-02 00:00:00+00' order by id"""))
                    .containsExactly("1", "2");
            assertThat(plan(sql, "(bigint, bigint, bigint)", """
                    select id from ledger_entry where shop_id = $1 and sharer_id = $2 and id < $3 order by id desc""", "1, 7, 10"))
                    .contains("ledger_entry_sharer");
            assertThat(plan(sql, "(bigint, bigint, bigint[])", """
                    select id from commission_line c where c.shop_id = $1 and c.order_line_id = any($3) and c.order_id = $2""",
                    "1, 100, array[1000]")).contains("commission_line_order_line");
            assertThat(rows(sql, """
                    select indexname from pg_indexes where schemaname = 'v18_test' and tablename = 'commission_line' order by 1"""))
                    .containsExactly("commission_line_beneficiary", "commission_line_due", "commission_line_order_line",
                            "commission_line_pkey");
            // A fact recorded again (as the engine records customers, recruits and grants) is let go, whichever index holds it.
            assertThat(sql.executeUpdate(fact("CUSTOMER", "c-1", null) + " on conflict do nothing")).isZero();
            assertThat(sql.executeUpdate(fact("SALE", "100", 100L) + " on conflict do nothing")).isZero();
            assertThat(plan(sql, "(bigint, bigint, varchar)", """
                    select id from level_activity
                    where shop_id = $1 and sharer_id = $2 and kind = 'GRANT' and reference = $3 and order_id is null""", "1, 7, 'g-1'"))
                    .contains("level_activity_fact");
            assertThat(plan(sql, "(bigint, bigint)", """
                    select sharer_id, coalesce(sum(sales_fen), 0) from level_activity where shop_id = $1 and order_id = $2
                    group by sharer_id""", "1, 100")).contains("level_activity_order_fact");
            assertThat(rows(sql, """
                    select indexname from pg_indexes where schemaname = 'v18_test' and tablename = 'level_activity' order by 1"""))
                    .containsExactly("level_activity_fact", "level_activity_order_fact", "level_activity_period", "level_activity_pkey");
        });
        schema.clean();
    }

    /** The insert fails on a unique key (SQLSTATE 23505 on both databases), not on anything else. */
    private static void refusedAsDuplicate(ThrowingCallable insert, String what) {
        assertThatThrownBy(insert).as(what).isInstanceOfSatisfying(SQLException.class,
                refused -> assertThat(refused.getSQLState()).as(what + ": " + refused.getMessage()).isEqualTo("23505"));
    }

    /** The plan PostgreSQL makes of the statement for any arguments, run with these. */
    private static String plan(Statement sql, String types, String statement, String arguments) throws SQLException {
        sql.execute("set plan_cache_mode = force_generic_plan");
        sql.execute("prepare read" + types + " as " + statement);
        try {
            List<String> plan = rows(sql, "explain execute read(" + arguments + ")");
            assertThat(plan).as("a plan for any arguments").anyMatch(step -> step.contains("$"));
            return String.join("\n", plan);
        } finally {
            sql.execute("deallocate read");
            sql.execute("reset plan_cache_mode");
        }
    }

    private static void line(Statement sql, long id, long order, long orderLine, int depth, String status, String settleAfter)
            throws SQLException {
        sql.execute("""
                insert into commission_line (shop_id, id, order_id, order_line_id, depth, beneficiary_id, attributed_sharer_id,
                    attribution_rule, order_external_id, line_external_id, product_id, quantity, rule, line_amount_fen,
                    kept_amount_fen, original_fen, amount_fen, status, settle_after, created_at)
                values (1, %d, %d, %d, %d, 7, 7, 'SHARE_LINK', 'o%2$d', 'l%3$d', 'tea', 1, 'RATE', 1000, 1000, 60, 60, '%s', %s,
                    timestamp with time zone '2026-01-10 00:00:00+00')"""
                .formatted(id, order, orderLine, depth, status,
                        settleAfter == null ? "null" : "timestamp with time zone '" + settleAfter + "+00'"));
    }

    private static void activity(Statement sql, String kind, String reference, Long order) throws SQLException {
        sql.execute(fact(kind, reference, order));
    }

    /** A fact of sharer 7 in shop 1. */
    private static String fact(String kind, String reference, Long order) {
        return MigrationSchema.levelFact(1, 7, kind, reference, order, "2026-01-10 00:00:00");
    }

    private static void entry(Statement sql, long id, Long sharer, String account, long amount) throws SQLException {
        sql.execute("""
                insert into ledger_entry (shop_id, id, journal_id, account, sharer_id, amount_fen, kind, reference, created_at)
                values (1, %d, 'j1', '%s', %s, %d, 'COMMISSION', 'commission-line:1', timestamp with time zone '2026-01-10 00:00:00+00')"""
                .formatted(id, account, sharer, amount));
    }
}
