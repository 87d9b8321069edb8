package org.sharerengine.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What intake reads of a shop's programme (its products, boosts, level programme), kept in memory
 * for the programme version it was read at. The version is the shop row's
 * {@code programme_version}, which every change to the programme raises in the change's own
 * transaction; intake reads it with the shop's settings, so a value serves only readers that saw
 * the same version, and a change committed on any instance retires it at the next read.
 *
 * <p>A value is read after its reader read the version, so it is never older than its version (it
 * may be newer, which a reader of that version could equally have read from the database). One
 * value per key, for the newest version read: a reader that saw an older version reads the database
 * and leaves the newer value alone. What is kept is bounded in all, by weight, whatever the number
 * of shops; the least recently used goes first.
 *
 * @param <K> what a value is kept under: a shop, or one product of a shop
 */
public final class ProgrammeCache<K, V> {

    private record Entry<V>(long version, V value) {
    }

    private final Cache<K, Entry<V>> entries;

    /**
     * @param maximumWeight how much to keep in all
     * @param weight        what one value weighs (a value weighs at least 1)
     */
    public ProgrammeCache(long maximumWeight, ToIntFunction<V> weight) {
        this.entries = Caffeine.newBuilder().maximumWeight(maximumWeight)
                .weigher((K key, Entry<V> entry) -> Math.max(1, weight.applyAsInt(entry.value()))).build();
    }

    /** The value kept under {@code key} at {@code version}, or what {@code read} answers, kept unless a newer version is. */
    public V get(K key, long version, Supplier<V> read) {
        Entry<V> kept = keptAt(key, version);
        if (kept != null) {
            return kept.value();
        }
        V value = read.get();
        keep(key, version, value);
        return value;
    }

    /**
     * The values kept under {@code keys} at {@code version}; the others in one call of {@code readAll},
     * which answers a value for every key it is given.
     */
    public Map<K, V> getAll(Collection<K> keys, long version, Function<List<K>, Map<K, V>> readAll) {
        Map<K, V> values = new HashMap<>();
        Set<K> unknown = new LinkedHashSet<>();
        for (K key : keys) {
            Entry<V> kept = keptAt(key, version);
            if (kept != null) {
                values.put(key, kept.value());
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            Map<K, V> read = readAll.apply(List.copyOf(unknown));
            read.forEach((key, value) -> keep(key, version, value));
            values.putAll(read);
        }
        return values;
    }

    /**
     * For values a key may name or not (kept as {@link Optional}, so that "not found" is kept too):
     * those found under {@code keys} at {@code version}; the keys not kept go to one call of
     * {@code readFound}, which answers the values it found among them, by key.
     */
    public static <K, V> Map<K, V> found(ProgrammeCache<K, Optional<V>> cache, Collection<K> keys, long version,
            Function<List<K>, Map<K, V>> readFound) {
        Map<K, Optional<V>> known = cache.getAll(keys, version, unknown -> {
            Map<K, V> read = readFound.apply(unknown);
            Map<K, Optional<V>> answers = new HashMap<>();
            unknown.forEach(key -> answers.put(key, Optional.ofNullable(read.get(key))));
            return answers;
        });
        Map<K, V> found = new HashMap<>();
        known.forEach((key, value) -> value.ifPresent(v -> found.put(key, v)));
        return found;
    }

    /** What is kept under {@code key} if it was read at {@code version}, else null. */
    private Entry<V> keptAt(K key, long version) {
        Entry<V> kept = entries.getIfPresent(key);
        return kept != null && kept.version() == version ? kept : null;
    }

    private void keep(K key, long version, V value) {
        entries.asMap().merge(key, new Entry<>(version, value), (old, fresh) -> old.version() > fresh.version() ? old : fresh);
    }
}
