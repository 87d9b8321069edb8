package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads that do not depend on one another go to PostgreSQL together, in one round trip, when the
 * first answer is asked for; each answer is its own read's, and what an answer is worked into is
 * worked out as it comes. Elsewhere each read runs at once.
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class ReadsIntegrationTests {

    @Autowired
    Pipelines pipelines;

    @Autowired
    BatchInserts inserts;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void readsKeptTogetherAreAnsweredEachInOneRoundTrip() {
        List<String> workedOut = new ArrayList<>();
        int statements = RoundTrips.of(() -> transactions.executeWithoutResult(tx -> {
            Reads reads = pipelines.reads();
            Reads.Answer<Long> sum = reads.query("select cast(? as bigint) + cast(? as bigint) + cast(? as bigint)", new Object[] {2L, 3L, 5L},
                    rs -> rs.next() ? rs.getLong(1) : -1);
            Reads.Answer<String> text = reads.query("select cast(? as varchar) || '!'", new Object[] {"分享员"},
                    rs -> rs.next() ? rs.getString(1) : null);
            Reads.Answer<Integer> doubled = sum.then(value -> {
                workedOut.add("sum " + value);
                return (int) (2 * value);
            });
            // Kept on PostgreSQL until asked for; elsewhere read and worked out at once.
            assertThat(workedOut).hasSize(TestDatabase.postgres() ? 0 : 1);
            // Asking for one answer sends both reads; the others are then there without asking.
            assertThat(text.get()).isEqualTo("分享员!");
            assertThat(workedOut).containsExactly("sum 10");
            assertThat(sum.get()).isEqualTo(10L);
            assertThat(doubled.get()).isEqualTo(20);
            // Nothing is kept any more, so this sends nothing (the count below would show it).
            reads.send();
        }));

        // PostgreSQL: the two reads in one statement; H2: one each.
        assertThat(statements).isEqualTo(TestDatabase.postgres() ? 1 : 2);
    }

    @Test
    void idsReservedWithOtherReadsAreTheIdentitysNextValuesInOrder() {
        long shop = api.newShop().id;
        transactions.executeWithoutResult(tx -> {
            Reads reads = pipelines.reads();
            BatchInserts.Reserved reserved = inserts.reserve(reads, Map.of("shop_order", 3, "order_line", 0));
            Reads.Answer<Integer> other = reads.query("select 7", new Object[0], rs -> rs.next() ? rs.getInt(1) : 0);
            reads.send();
            assertThat(other.get()).isEqualTo(7);
            Pipeline pipeline = pipelines.open();
            long[] ids = inserts.insert(pipeline, "shop_order", "shop_id int8, external_id varchar, payload_hash varchar, "
                    + "customer_id varchar, paid_at timestamptz, total_fen int8, attribution_rule varchar, self_purchase bool, "
                    + "created_at timestamptz", rowsOfThreeOrders(shop), reserved);
            pipeline.send();
            assertThat(ids).hasSize(3);
            assertThat(ids[1]).isGreaterThan(ids[0]);
            assertThat(ids[2]).isGreaterThan(ids[1]);
            assertThat(jdbc.sql("select id from shop_order where shop_id = :shop order by external_id").param("shop", shop)
                    .query(Long.class).list()).containsExactly(ids[0], ids[1], ids[2]);
            tx.setRollbackOnly();
        });
    }

    @Test
    void aFailingReadFailsTheSendAndAnswersNone() {
        transactions.executeWithoutResult(tx -> {
            Reads reads = pipelines.reads();
            if (TestDatabase.postgres()) {
                Reads.Answer<Integer> fine = reads.query("select 1", new Object[0], rs -> rs.next() ? rs.getInt(1) : 0);
                reads.query("select * from no_such_table", new Object[0], rs -> 0);
                assertThatThrownBy(reads::send).isInstanceOf(DataAccessException.class);
                assertThatThrownBy(fine::get).isInstanceOf(IllegalStateException.class);
            } else {
                assertThatThrownBy(() -> reads.query("select * from no_such_table", new Object[0], rs -> 0))
                        .isInstanceOf(DataAccessException.class);
            }
            tx.setRollbackOnly();
        });
    }

    /**
     * Working an answer into another may throw (the shop row's "shop not found"): the problem reaches
     * whoever sends, and every other read of the round trip is still answered, even one kept after it.
     */
    @Test
    void aProblemWorkingOneAnswerLeavesTheOthersAnswered() {
        transactions.executeWithoutResult(tx -> {
            Reads reads = pipelines.reads();
            Reads.Answer<Integer> first = reads.query("select 1", new Object[0], rs -> rs.next() ? rs.getInt(1) : 0);
            Reads.Answer<Integer> second = reads.query("select 2", new Object[0], rs -> rs.next() ? rs.getInt(1) : 0);
            // On H2 the first is answered already, so the problem comes at once; on PostgreSQL it comes with the send.
            assertThatThrownBy(() -> {
                first.then(one -> {
                    throw ApiProblem.notFound("shop", new ShopId(one));
                });
                reads.send();
            }).isInstanceOf(ApiProblem.class);
            assertThat(first.get()).isEqualTo(1);
            assertThat(second.get()).isEqualTo(2);
        });
    }

    /** The same within one answer: a step that throws leaves the answer's other steps worked out. */
    @Test
    void aProblemWorkingOneStepLeavesTheAnswersOtherStepsWorkedOut() {
        transactions.executeWithoutResult(tx -> {
            Reads reads = pipelines.reads();
            Reads.Answer<Integer> read = reads.query("select 3", new Object[0], rs -> rs.next() ? rs.getInt(1) : 0);
            List<Reads.Answer<Integer>> worked = new ArrayList<>();
            // On H2 the read is answered already, so each step runs (and the first throws) as it is added.
            assertThatThrownBy(() -> {
                read.then(three -> {
                    throw ApiProblem.notFound("shop", new ShopId(three));
                });
                worked.add(read.then(three -> three * 2));
                reads.send();
            }).isInstanceOf(ApiProblem.class);
            if (worked.isEmpty()) {
                worked.add(read.then(three -> three * 2));
            }
            assertThat(worked.getFirst().get()).isEqualTo(6);
        });
    }

    private static List<Object[]> rowsOfThreeOrders(long shop) {
        OffsetDateTime now = Timestamps.utc(Instant.parse("2026-12-01T00:00:00Z"));
        List<Object[]> rows = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            rows.add(new Object[] {shop, "reads-" + n, "h", "c", now, 100L, "NONE", false, now});
        }
        return rows;
    }
}
