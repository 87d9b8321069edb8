package org.sharerengine.shop.web;

import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.ProgrammeSettings.BindingProtection;
import org.sharerengine.shop.ProgrammeSettings.ProgrammeMode;
import org.sharerengine.shop.ProgrammeSettings.SettlementTrigger;

/** A partial change of programme settings: absent fields keep their value. */
record SettingsChange(
        String timeZone,
        ProgrammeMode programmeMode,
        Boolean recruitmentOpen,
        Boolean approvalRequired,
        Integer commissionDepth,
        Integer level1RateBp,
        Integer level2RateBp,
        Integer level3RateBp,
        Boolean selfPurchaseCommission,
        Integer bindingValidityDays,
        Boolean bindingPermanent,
        BindingProtection bindingProtection,
        SettlementTrigger settlementTrigger,
        Integer settlementDelayDays,
        Long withdrawalThresholdFen,
        Integer withdrawalFeeBp,
        Integer maxManagers,
        Integer maxSharersPerManager,
        Integer maxShopsPerPerson) {

    ProgrammeSettings applyTo(ProgrammeSettings s) {
        Integer bindingDays = Boolean.TRUE.equals(bindingPermanent) ? null
                : bindingValidityDays != null ? bindingValidityDays
                : Boolean.FALSE.equals(bindingPermanent) && s.bindingValidityDays() == null ? Integer.valueOf(30)
                : s.bindingValidityDays();
        return new ProgrammeSettings(
                or(timeZone, s.timeZone()),
                or(programmeMode, s.programmeMode()),
                or(recruitmentOpen, s.recruitmentOpen()),
                or(approvalRequired, s.approvalRequired()),
                or(commissionDepth, s.commissionDepth()),
                or(level1RateBp, s.level1RateBp()),
                or(level2RateBp, s.level2RateBp()),
                or(level3RateBp, s.level3RateBp()),
                or(selfPurchaseCommission, s.selfPurchaseCommission()),
                bindingDays,
                or(bindingProtection, s.bindingProtection()),
                or(settlementTrigger, s.settlementTrigger()),
                or(settlementDelayDays, s.settlementDelayDays()),
                or(withdrawalThresholdFen, s.withdrawalThresholdFen()),
                or(withdrawalFeeBp, s.withdrawalFeeBp()),
                or(maxManagers, s.maxManagers()),
                or(maxSharersPerManager, s.maxSharersPerManager()),
                or(maxShopsPerPerson, s.maxShopsPerPerson()));
    }

    private static <T> T or(T value, T current) {
        return value != null ? value : current;
    }
}
