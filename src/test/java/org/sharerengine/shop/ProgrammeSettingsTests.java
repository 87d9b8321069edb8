package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ApiProblem;

class ProgrammeSettingsTests {

    @Test
    void theDefaultsAreValid() {
        ProgrammeSettings defaults = ProgrammeSettings.defaults().validate();
        assertThat(defaults.commissionDepth()).isEqualTo(2);
        assertThat(defaults.settlementDelayDays()).as("SPEC §6: 7 + 1 days").isEqualTo(8);
    }

    @Test
    void refusesMoreThanThreeLevelsAsIllegalPyramidSelling() {
        ProgrammeSettings d = ProgrammeSettings.defaults();
        ProgrammeSettings four = new ProgrammeSettings(d.timeZone(), d.programmeMode(), d.recruitmentOpen(), d.approvalRequired(), 4,
                d.level1RateBp(), d.level2RateBp(), d.level3RateBp(), d.selfPurchaseCommission(), d.bindingValidityDays(),
                d.bindingProtection(), d.settlementTrigger(), d.settlementDelayDays(), d.withdrawalThresholdFen(), d.withdrawalFeeBp(),
                d.maxManagers(), d.maxSharersPerManager(), d.maxShopsPerPerson());

        assertThatThrownBy(four::validate).isInstanceOf(ApiProblem.class).hasMessageContaining("commissionDepth")
                .hasMessageContaining("pyramid");
    }
}
