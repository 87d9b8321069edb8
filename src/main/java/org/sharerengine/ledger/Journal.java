package org.sharerengine.ledger;

import java.util.List;
import org.sharerengine.shared.SharerId;

/**
 * One business event's movement of money: legs that sum to zero. {@code kind} and
 * {@code reference} say why (e.g. COMMISSION / commission line 42).
 */
public record Journal(String kind, String reference, List<Leg> legs) {

    public Journal {
        legs = List.copyOf(legs);
        long sum = legs.stream().mapToLong(Leg::amountFen).sum();
        if (sum != 0) {
            throw new IllegalArgumentException("journal " + kind + " " + reference + " does not balance: " + sum);
        }
    }

    /**
     * @param guarded the account may not go below zero through this leg (a withdrawal); a
     *                clawback is not guarded and may leave a negative balance to be offset later
     */
    public record Leg(Account account, SharerId sharerId, long amountFen, boolean guarded) {

        public Leg {
            if (account.belongsToSharer() != (sharerId != null)) {
                throw new IllegalArgumentException(account + " needs " + (account.belongsToSharer() ? "a" : "no") + " sharer");
            }
        }

        public static Leg of(Account account, SharerId sharer, long amountFen) {
            return new Leg(account, sharer, amountFen, false);
        }

        public static Leg shop(Account account, long amountFen) {
            return new Leg(account, null, amountFen, false);
        }
    }

    /** Moves money between two accounts: {@code from} loses it, {@code to} gains it. */
    public static Journal transfer(String kind, String reference, Leg from, Leg to) {
        return new Journal(kind, reference, List.of(from, to));
    }
}
