package org.sharerengine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ShopId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Journal ids begin with the time, so journals sort in the order they were posted. */
@ApiTest
class JournalIdsTests {

    @Autowired
    Api api;

    @Autowired
    Ledger ledger;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void postedJournalsAreStoredUnderVersion7IdsThatSortInTheOrderTheyWerePosted() throws Exception {
        ShopId shop = new ShopId(api.newShop().id);
        for (int i = 0; i < 5; i++) {
            Journal journal = Journal.transfer("TEST", "journal-" + i, Journal.Leg.shop(Account.SHOP_COMMISSION, -100),
                    Journal.Leg.shop(Account.SHOP_COMMISSION, 100));
            transactions.executeWithoutResult(tx -> ledger.post(shop, journal));
            // Apart by more than the millisecond the ids begin with.
            Thread.sleep(2);
        }
        List<String> stored = jdbc.sql("""
                select journal_id from ledger_entry where shop_id = :shop and amount_fen < 0 order by id""")
                .param("shop", shop.value()).query(String.class).list();
        assertThat(stored).hasSize(5).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
        assertThat(stored).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    }
}
