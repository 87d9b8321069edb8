package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes go through a pipeline with every kind of value intact; on PostgreSQL they reach the
 * database only when sent, all in the order given, and a failing one fails the send.
 */
@ApiTest
class PipelineIntegrationTests {

    private static final String ORDER_COLUMNS = """
            shop_id int8, external_id varchar, payload_hash varchar, customer_id varchar, paid_at timestamptz, total_fen int8,
            attributed_sharer_id int8, attribution_rule varchar, share_token varchar, self_purchase bool, created_at timestamptz""";
    private static final OffsetDateTime PAID = Timestamps.utc(Instant.parse("2026-11-30T15:59:59.123456Z"));

    @Autowired
    Pipelines pipelines;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Api api;

    @Autowired
    DataSource dataSource;

    @Test
    void writesArriveWhenSentWithEveryValueAsGiven() {
        long shop = api.newShop().id;
        long sharer = 42;
        LocalDate november = LocalDate.parse("2026-11-01");
        transactions.executeWithoutResult(tx -> {
            Pipeline pipeline = pipelines.open();
            pipeline.insert("shop_order", ORDER_COLUMNS, "", List.of(
                    new Object[] {shop, "o-1", "h1", "c-1", PAID, 12_345L, sharer, "ORDER_SHARER", null, true, PAID},
                    new Object[] {shop, "o-2", "h2", "c-2", PAID, 0L, null, "NONE", "tok'en", false, PAID}));
            pipeline.insert("sharer_month_sales", "shop_id int8, month_start date, sharer_id int8, sales_fen int8, orders int4", "",
                    List.<Object[]>of(new Object[] {shop, november, 7L, 100L, 1}, new Object[] {shop, november, 8L, 200L, 2}));
            pipeline.update("sharer_month_sales", "shop_id int8, month_start date, sharer_id int8", "sales_fen int8, orders int4",
                    List.<Object[]>of(new Object[] {shop, november, 8L, 250L, 3}));
            // Deferred on PostgreSQL: nothing is there before the send; elsewhere everything already is.
            assertThat(count("shop_order", shop)).isEqualTo(TestDatabase.postgres() ? 0 : 2);
            pipeline.send();
            assertThat(count("shop_order", shop)).isEqualTo(2);
            pipeline.send();
        });

        assertThat(jdbc.sql("""
                select external_id, total_fen, attributed_sharer_id, share_token, self_purchase, paid_at from shop_order
                where shop_id = :shop order by external_id""").param("shop", shop)
                .query((rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getObject(3) + " " + rs.getString(4) + " "
                        + rs.getBoolean(5) + " " + Timestamps.instant(rs, "paid_at"))
                .list()).containsExactly(
                        "o-1 12345 " + sharer + " null true 2026-11-30T15:59:59.123456Z",
                        "o-2 0 null tok'en false 2026-11-30T15:59:59.123456Z");
        assertThat(jdbc.sql("select sharer_id, month_start, sales_fen, orders from sharer_month_sales where shop_id = :shop order by sharer_id")
                .param("shop", shop).query((rs, n) -> rs.getLong(1) + " " + rs.getObject(2, LocalDate.class) + " " + rs.getLong(3) + " "
                        + rs.getInt(4))
                .list()).containsExactly("7 2026-11-01 100 1", "8 2026-11-01 250 3");
    }

    @Test
    void aFailingWriteFailsTheTransactionAndKeepsNothing() {
        long shop = api.newShop().id;
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            Pipeline pipeline = pipelines.open();
            Object[] order = {shop, "twice", "h", "c", PAID, 1L, null, "NONE", null, false, PAID};
            pipeline.insert("sharer_month_sales", "shop_id int8, month_start date, sharer_id int8, sales_fen int8, orders int4", "",
                    List.<Object[]>of(new Object[] {shop, LocalDate.parse("2026-11-01"), 7L, 100L, 1}));
            pipeline.insert("shop_order", ORDER_COLUMNS, "", List.of(order, order));
            pipeline.send();
        })).isInstanceOf(DataAccessException.class);
        assertThat(count("shop_order", shop)).isZero();
        assertThat(count("sharer_month_sales", shop)).isZero();
    }

    /**
     * The last writes of a transaction go with its commit: on PostgreSQL the driver finds the
     * transaction already ended when Spring commits, so the writes and the commit took one round
     * trip. What the transaction wrote before them commits with them.
     */
    @Test
    void writesSentAtCommitArriveWithTheCommit() {
        long shop = api.newShop().id;
        List<Object> stateAtCommit = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            monthSalesOfSeven(shop);
            Pipeline pipeline = pipelines.open();
            pipeline.insert("shop_order", ORDER_COLUMNS, "", List.<Object[]>of(
                    new Object[] {shop, "o-1", "h1", "c-1", PAID, 12_345L, null, "NONE", null, false, PAID}));
            pipeline.sendAtCommit();
            assertThat(count("shop_order", shop)).isEqualTo(TestDatabase.postgres() ? 0 : 1);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCompletion() {
                    stateAtCommit.add(transactionState());
                }
            });
        });

        assertThat(count("shop_order", shop)).isEqualTo(1);
        assertThat(count("sharer_month_sales", shop)).isEqualTo(1);
        assertThat(stateAtCommit).containsExactly(TestDatabase.postgres() ? TransactionState.IDLE : "not PostgreSQL");
    }

    @Test
    void aFailingWriteAtCommitRollsBackTheWholeTransaction() {
        long shop = api.newShop().id;
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            monthSalesOfSeven(shop);
            Pipeline pipeline = pipelines.open();
            Object[] order = {shop, "twice", "h", "c", PAID, 1L, null, "NONE", null, false, PAID};
            pipeline.insert("shop_order", ORDER_COLUMNS, "", List.of(order, order));
            pipeline.sendAtCommit();
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(count("shop_order", shop)).isZero();
        assertThat(count("sharer_month_sales", shop)).isZero();
    }

    /** A write of the transaction's own, before the pipeline's. */
    private void monthSalesOfSeven(long shop) {
        jdbc.sql("""
                insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders)
                values (:shop, date '2026-11-01', 7, 100, 1)""").param("shop", shop).update();
    }

    /** The driver's own view of the transaction's connection: whether a commit would still have anything to send. */
    private Object transactionState() {
        if (!TestDatabase.postgres()) {
            return "not PostgreSQL";
        }
        try {
            return DataSourceUtils.getConnection(dataSource).unwrap(BaseConnection.class).getTransactionState();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String table, long shop) {
        return jdbc.sql("select count(*) from " + table + " where shop_id = :shop").param("shop", shop).query(Long.class).single();
    }
}
