package org.sharerengine.shared;

import java.util.function.Supplier;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Something read from a shop's programme (its product library, boosts, level programme), kept in
 * memory for the programme version it was read at. The version is the shop row's
 * {@code programme_version}, which every change to the programme raises in the change's own
 * transaction; intake reads it with the shop's settings, so an entry serves only readers that saw
 * the same version, and a change committed on any instance retires it at the next read.
 *
 * <p>The value is read after the version was, so it is never older than its version (it may be
 * newer, which a reader of that version could equally have read from the database). One entry per
 * shop, for the newest version read: a reader that saw an older version reads the database and
 * leaves the newer entry alone.
 */
public final class ProgrammeCache<V> {

    private record Entry<V>(long version, V value) {
    }

    private final Cache<ShopId, Entry<V>> entries;

    /** @param shops how many shops' entries to keep; the least recently used go first */
    public ProgrammeCache(int shops) {
        this.entries = Caffeine.newBuilder().maximumSize(shops).build();
    }

    /** The value kept for the shop at {@code version}, or what {@code read} answers, kept when no newer version is. */
    public V get(ShopId shop, long version, Supplier<V> read) {
        Entry<V> kept = entries.getIfPresent(shop);
        if (kept != null && kept.version() == version) {
            return kept.value();
        }
        V value = read.get();
        entries.asMap().merge(shop, new Entry<>(version, value), (old, fresh) -> old.version() > fresh.version() ? old : fresh);
        return value;
    }
}
