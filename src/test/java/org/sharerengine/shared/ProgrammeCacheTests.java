package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What intake keeps of a shop's programme serves readers of the version it was read at, and no other. */
class ProgrammeCacheTests {

    private static final ShopId SHOP = new ShopId(7);
    private static final ShopId OTHER_SHOP = new ShopId(8);

    private final ProgrammeCache<ShopId, String> cache = new ProgrammeCache<>(10, value -> 1);
    private final AtomicInteger reads = new AtomicInteger();

    /** A read of the database, answering what it holds now and counting itself. */
    private Supplier<String> read(String holds) {
        return () -> {
            reads.incrementAndGet();
            return holds;
        };
    }

    @Test
    void readersOfTheSameVersionShareOneRead() {
        assertThat(cache.get(SHOP, 3, read("rate 600"))).isEqualTo("rate 600");
        assertThat(cache.get(SHOP, 3, read("rate 700"))).isEqualTo("rate 600");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aNewerVersionIsReadAgainAndReplacesWhatWasKept() {
        cache.get(SHOP, 3, read("rate 600"));

        assertThat(cache.get(SHOP, 4, read("rate 700"))).isEqualTo("rate 700");
        assertThat(cache.get(SHOP, 4, read("rate 800"))).isEqualTo("rate 700");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReaderOfAnOlderVersionReadsTheDatabaseAndLeavesTheNewerEntry() {
        cache.get(SHOP, 4, read("rate 700"));

        // A group that read the shop row just before the change committed: it reads what the database holds now.
        assertThat(cache.get(SHOP, 3, read("rate 700, read late"))).isEqualTo("rate 700, read late");
        assertThat(cache.get(SHOP, 4, read("rate 900"))).isEqualTo("rate 700");
        assertThat(reads).hasValue(2);
    }

    @Test
    void eachShopHasItsOwnEntry() {
        cache.get(SHOP, 1, read("shop 7"));

        assertThat(cache.get(OTHER_SHOP, 1, read("shop 8"))).isEqualTo("shop 8");
        assertThat(cache.get(SHOP, 1, read("shop 7 again"))).isEqualTo("shop 7");
        assertThat(reads).hasValue(2);
    }

    @Test
    void manyKeysAreReadTogetherAndOnlyThoseNotKeptAtTheVersion() {
        ProgrammeCache<String, Integer> products = new ProgrammeCache<>(100, value -> 1);
        List<List<String>> readsOf = new ArrayList<>();
        Function<List<String>, Map<String, Integer>> readAll = keys -> {
            readsOf.add(keys);
            return keys.stream().collect(Collectors.toMap(key -> key, String::length));
        };

        assertThat(products.getAll(List.of("tea", "cup"), 1, readAll)).isEqualTo(Map.of("tea", 3, "cup", 3));
        assertThat(products.getAll(List.of("tea", "teapot", "teapot"), 1, readAll)).isEqualTo(Map.of("tea", 3, "teapot", 6));
        assertThat(products.getAll(List.of("tea", "cup"), 2, readAll)).isEqualTo(Map.of("tea", 3, "cup", 3));

        assertThat(readsOf).containsExactly(List.of("tea", "cup"), List.of("teapot"), List.of("tea", "cup"));
    }
}
