package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On PostgreSQL, no read of an intake, a refund or a visit grows with the shop's history: each
 * looks its rows up by key. Two shops are built alike, one of them then given a long history, and
 * the same work is done in both; every read it sends is explained with its own parameters, and in
 * the shop with the history it must touch about as many pages as its lookups by key touch in the
 * other. The shops share every table and index, so a lookup by key touches the same number of pages
 * in both, while a read that walks part of the shop's rows touches more with every row it walks. (The tier read once
 * looked a seller's three months of monthly sales up by a range of months, walking every sharer's
 * rows of those months: 20 ms and 578 pages for one seller among 20,000, seen only in the benchmark.)
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class PostgresIndexedReadsIntegrationTests {

    /** The history: this many more sharers, each with a share, a bound customer and orders in the month before the work. */
    private static final int SHARERS = 3_000;
    private static final int ORDERS_EACH = 2;
    /** Pages a read may touch beyond its lookups in the shop without the history (and a quarter more): the odd heap page. */
    private static final int SLACK = 6;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void intakeRefundsAndVisitsTouchAsManyPagesHoweverLongTheShopsHistory() {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL's pages; H2IndexedReadsIntegrationTests checks H2").isTrue();
        IndexedReadsShop young = IndexedReadsShop.build(api);
        IndexedReadsShop old = IndexedReadsShop.build(api);
        // The suite's PostgreSQL may run without autovacuum, which would gather the statistics meanwhile.
        old.addHistory(api, SHARERS, ORDERS_EACH, () -> jdbc.sql("analyze").update());

        List<RoundTrips.Query> youngReads = young.readsOfTheWork();
        List<RoundTrips.Query> oldReads = old.readsOfTheWork();
        assertThat(oldReads).as("the work's reads").hasSizeGreaterThan(20);
        List<String> walks = new ArrayList<>();
        int y = 0;
        for (RoundTrips.Query read : oldReads) {
            // The same read in the other shop; there it may have sent a read or two more, that the shop
            // with the history answered from memory (an API key, products its orders had named).
            while (y < youngReads.size() && !youngReads.get(y).sql().equals(read.sql())) {
                y++;
            }
            assertThat(y).as("a read the other shop's work sent too: %s", read.sql()).isLessThan(youngReads.size());
            RoundTrips.Query same = youngReads.get(y++);
            long without = pages(same, true);
            long with = pages(read, false);
            if (with > without + without / 4 + SLACK) {
                walks.add(with + " pages against " + without + ": " + read.sql().replaceAll("\\s+", " ") + "\n"
                        + explain(read, "analyze, buffers", false) + "\nagainst\n" + explain(same, "analyze, buffers", true));
            }
        }
        assertThat(walks).as("reads that touch more pages in the shop with the history").isEmpty();
        old.shop.assertBooksBalance();
    }

    /**
     * What {@code explain} with {@code options} answers for the read, run with its own parameters;
     * {@code lookupsOnly}: as PostgreSQL plans it when every table must be read by index lookups and
     * joined by nested loops. In a shop as small as the one without the history, PostgreSQL rightly
     * prefers to walk its few dozen rows to looking each up, which the shop with the history must
     * not do: so what a read there is held to is the pages of its lookups.
     */
    private String explain(RoundTrips.Query read, String options, boolean lookupsOnly) {
        return transactions.execute(status -> {
            if (lookupsOnly) {
                for (String walk : List.of("seqscan", "bitmapscan", "hashjoin", "mergejoin")) {
                    jdbc.sql("set local enable_" + walk + " = off").update();
                }
            }
            return String.join("\n", jdbc.sql("explain (" + options + ") " + read.sql()).params(Arrays.asList(read.args()))
                    .query(String.class).list());
        });
    }

    /** The shared buffers the read touches, found in memory or read. */
    private long pages(RoundTrips.Query read, boolean lookupsOnly) {
        JsonNode top = JsonMapper.shared().readTree(explain(read, "analyze, buffers, format json", lookupsOnly)).get(0).get("Plan");
        return top.get("Shared Hit Blocks").asLong() + top.get("Shared Read Blocks").asLong();
    }
}
