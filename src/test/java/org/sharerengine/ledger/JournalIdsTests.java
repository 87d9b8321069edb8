package org.sharerengine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Journal ids begin with the time, so new journals' entries go at the end of the journal-id index. */
class JournalIdsTests {

    @Test
    void journalIdsAreVersion7AndSortInTheOrderTheyWereMadeAcrossMilliseconds() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(Ledger.JOURNAL_IDS.generate().toString());
            Thread.sleep(2);
        }
        assertThat(made).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
        assertThat(made).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    }
}
