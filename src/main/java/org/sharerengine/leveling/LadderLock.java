package org.sharerengine.leveling;

import org.sharerengine.shared.ShopId;

/**
 * A shop's level rows as one PostgreSQL advisory lock, held until the transaction ends: shared by
 * every intake before it locks its sellers' level rows, exclusive for the shop-wide level run
 * before it updates any.
 *
 * <p>Why: an intake locks all its sellers' rows in one statement, in id order; the run locks each
 * due row as its update meets it, in whatever order its plan reads them (on disk, for a big shop).
 * A run holding a later row and waiting for an earlier one that an intake holds, while that intake
 * waits for the later row, is a deadlock; PostgreSQL breaks it after a second by failing one of them,
 * at a month's end when every row is due and orders keep coming. Under this lock the run and the
 * intakes never hold level rows at the same time, and intakes still run side by side. Other writers
 * lock one level row each and wait for nothing of the run's, so they take no part.
 *
 * <p>H2, the embedded single-instance default, has no advisory locks; there the run locks its due
 * rows in one statement before it writes.
 */
final class LadderLock {

    /**
     * The lock's first key, its namespace among the database's advisory locks ("LVL"); the second is
     * the shop's ({@link #key}). Two shops whose ids share a hash share a lock, which costs only concurrency.
     */
    private static final int LADDER = 0x4C564C;

    /** Waits for the run, if one is under way, and then lets other intakes in too; the parameter is the {@link #key}. */
    static final String SHARED = "select pg_advisory_xact_lock_shared(" + LADDER + ", ?)";

    /** Waits for the intakes under way to commit and keeps new ones waiting; the parameter is the {@link #key}. */
    static final String EXCLUSIVE = "select pg_advisory_xact_lock(" + LADDER + ", ?)";

    private LadderLock() {
    }

    /** The shop's part of the lock's key. */
    static int key(ShopId shop) {
        return Long.hashCode(shop.value());
    }
}
