package org.sharerengine.shop;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.sharerengine.shared.ApiProblem;

/**
 * A shop's programme (SPEC §1): each setting has a default and a range; {@link #validate()}
 * names the first setting out of range.
 *
 * @param bindingValidityDays  days a customer stays bound to a sharer; {@code null} = permanent
 * @param maxManagers          manager groups (导购管理员) a shop may have (WeChat guide distribution: 200)
 * @param maxSharersPerManager applied, active or frozen sharers one manager group may hold (WeChat: 500)
 * @param maxShopsPerPerson    shops a person may already be a sharer of when this shop adds them (WeChat: 50)
 */
public record ProgrammeSettings(
        String timeZone,
        ProgrammeMode programmeMode,
        boolean recruitmentOpen,
        boolean approvalRequired,
        int commissionDepth,
        int level1RateBp,
        int level2RateBp,
        int level3RateBp,
        boolean selfPurchaseCommission,
        Integer bindingValidityDays,
        BindingProtection bindingProtection,
        SettlementTrigger settlementTrigger,
        int settlementDelayDays,
        long withdrawalThresholdFen,
        int withdrawalFeeBp,
        int maxManagers,
        int maxSharersPerManager,
        int maxShopsPerPerson) {

    /** More than three levels of commission is illegal pyramid selling in China. */
    public static final int MAX_DEPTH = 3;

    public enum ProgrammeMode { MULTI_LEVEL, COMMUNITY_TEAM }

    /** First-touch keeps a customer with the first sharer until expiry; last-touch gives them to the latest. */
    public enum BindingProtection { FIRST_TOUCH, LAST_TOUCH }

    /** Whether lines settle a delay after completion, or on the shop's own settlement event. */
    public enum SettlementTrigger { DAYS_AFTER_COMPLETION, SETTLE_EVENT }

    public static ProgrammeSettings defaults() {
        return new ProgrammeSettings("Asia/Shanghai", ProgrammeMode.MULTI_LEVEL, true, true, 2, 600, 100, 50, false, 30,
                BindingProtection.LAST_TOUCH, SettlementTrigger.DAYS_AFTER_COMPLETION, 8, 100, 0, 200, 500, 50);
    }

    public ProgrammeSettings validate() {
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            throw ApiProblem.invalid("timeZone", "must be an IANA time zone such as Asia/Shanghai");
        }
        require(programmeMode != null, "programmeMode", "must be MULTI_LEVEL or COMMUNITY_TEAM");
        require(commissionDepth >= 1 && commissionDepth <= MAX_DEPTH, "commissionDepth",
                "must be 1 to 3 (more than three levels is refused as illegal pyramid selling)");
        rate("level1RateBp", level1RateBp);
        rate("level2RateBp", level2RateBp);
        rate("level3RateBp", level3RateBp);
        require(bindingValidityDays == null || (bindingValidityDays >= 1 && bindingValidityDays <= 3650),
                "bindingValidityDays", "must be 1 to 3650 days, or null for permanent");
        require(bindingProtection != null, "bindingProtection", "must be FIRST_TOUCH or LAST_TOUCH");
        require(settlementTrigger != null, "settlementTrigger", "must be DAYS_AFTER_COMPLETION or SETTLE_EVENT");
        require(settlementDelayDays >= 0 && settlementDelayDays <= 365, "settlementDelayDays", "must be 0 to 365");
        require(withdrawalThresholdFen >= 1 && withdrawalThresholdFen <= 100_000_000_00L, "withdrawalThresholdFen",
                "must be 1 fen to ¥100,000,000");
        require(withdrawalFeeBp >= 0 && withdrawalFeeBp < 10_000, "withdrawalFeeBp", "must be 0 to 9999 basis points");
        // Lowering a limit below today's count is allowed: it refuses new additions, it removes nobody.
        require(maxManagers >= 1 && maxManagers <= 10_000, "maxManagers", "must be 1 to 10000");
        require(maxSharersPerManager >= 1 && maxSharersPerManager <= 1_000_000, "maxSharersPerManager", "must be 1 to 1000000");
        require(maxShopsPerPerson >= 1 && maxShopsPerPerson <= 10_000, "maxShopsPerPerson", "must be 1 to 10000");
        return this;
    }

    /** The shop's default rate for a depth (1-based); the level ladders of a later issue replace it per sharer. */
    public int defaultRateBp(int depth) {
        return switch (depth) {
            case 1 -> level1RateBp;
            case 2 -> level2RateBp;
            case 3 -> level3RateBp;
            default -> throw new IllegalArgumentException("depth " + depth);
        };
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    private static void rate(String field, int bp) {
        require(bp >= 0 && bp <= 10_000, field, "must be 0 to 10000 basis points (0 % to 100 %)");
    }

    private static void require(boolean ok, String field, String rule) {
        if (!ok) {
            throw ApiProblem.invalid(field, rule);
        }
    }
}
