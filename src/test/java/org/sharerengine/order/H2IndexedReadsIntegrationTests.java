package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On H2, no read of an intake, a refund or a visit reads the shop's history: each looks what it
 * needs up in an index. H2 finds {@code col = any(?)} in no index and reads the whole shop for it,
 * so single intake slowed as orders accumulated (README, Figures). Every query the work sends is
 * explained again here with its own parameters, and H2's {@code scanCount} of each table it reads
 * must stay below the history's size ({@link IndexedReadsShop#build}).
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class H2IndexedReadsIntegrationTests {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
    /** More than a lookup of a few dozen ids reads, and less than any part of the history. */
    private static final int MOST_ROWS_READ = 50;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void intakeRefundsAndVisitsReadOnlyTheRowsTheyNeedHoweverLongTheShopsHistory() {
        assumeThat(TestDatabase.postgres()).as("H2's scanCount; PostgresIndexedReadsIntegrationTests checks PostgreSQL").isFalse();
        IndexedReadsShop shop = IndexedReadsShop.build(api);
        List<RoundTrips.Query> reads = shop.readsOfTheWork();

        List<String> scans = new ArrayList<>();
        for (RoundTrips.Query query : reads) {
            String plan = jdbc.sql("explain analyze " + query.sql()).params(Arrays.asList(query.args())).query(String.class).single();
            Matcher counts = SCAN_COUNT.matcher(plan);
            int most = 0;
            while (counts.find()) {
                most = Math.max(most, Integer.parseInt(counts.group(1)));
            }
            if (most > MOST_ROWS_READ) {
                scans.add(most + " rows: " + query.sql().replaceAll("\\s+", " ") + "\n" + plan);
            }
        }
        assertThat(reads).as("the work's reads").hasSizeGreaterThan(20);
        assertThat(scans).as("queries that read more than %d rows of a table", MOST_ROWS_READ).isEmpty();
        shop.shop.assertBooksBalance();
    }
}
