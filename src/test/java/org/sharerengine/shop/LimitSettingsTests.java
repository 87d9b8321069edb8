package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ApiProblem;

/** SPEC §1: limits "configurable per shop with these defaults: at most 200 managers per shop, 500 sharers per manager, 50 shops". */
class LimitSettingsTests {

    private static final ProgrammeSettings D = ProgrammeSettings.defaults();

    @Test
    void theDefaultsAreThoseOfWeChatsGuideDistribution() {
        assertThat(D.maxManagers()).isEqualTo(200);
        assertThat(D.maxSharersPerManager()).isEqualTo(500);
        assertThat(D.maxShopsPerPerson()).isEqualTo(50);
    }

    @Test
    void eachLimitIsAtLeastOne() {
        assertThatThrownBy(() -> limits(0, 500, 50).validate()).isInstanceOf(ApiProblem.class).hasMessage("maxManagers: must be 1 to 10000");
        assertThatThrownBy(() -> limits(200, 0, 50).validate()).isInstanceOf(ApiProblem.class)
                .hasMessage("maxSharersPerManager: must be 1 to 1000000");
        assertThatThrownBy(() -> limits(200, 500, 0).validate()).isInstanceOf(ApiProblem.class)
                .hasMessage("maxShopsPerPerson: must be 1 to 10000");
        assertThatThrownBy(() -> limits(200, 500, 10_001).validate()).isInstanceOf(ApiProblem.class);
        assertThat(limits(1, 1, 1).validate().maxManagers()).isEqualTo(1);
    }

    private static ProgrammeSettings limits(int managers, int sharersPerManager, int shopsPerPerson) {
        return new ProgrammeSettings(D.timeZone(), D.programmeMode(), D.recruitmentOpen(), D.approvalRequired(), D.commissionDepth(),
                D.level1RateBp(), D.level2RateBp(), D.level3RateBp(), D.selfPurchaseCommission(), D.bindingValidityDays(),
                D.bindingProtection(), D.settlementTrigger(), D.settlementDelayDays(), D.withdrawalThresholdFen(), D.withdrawalFeeBp(),
                managers, sharersPerManager, shopsPerPerson);
    }
}
