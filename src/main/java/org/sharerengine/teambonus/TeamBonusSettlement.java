package org.sharerengine.teambonus;

import org.sharerengine.commission.SettleableLines;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Team bonus lines settle with commission (SPEC §8: "settled like commission"): the settlement
 * run moves a pending line whose delay after its period's end has passed from the leader's
 * pending to available money, in the same batches and with the same exactly-once guarantee.
 */
@Configuration(proxyBeanMethods = false)
class TeamBonusSettlement {

    @Bean
    SettleableLines settleableTeamBonusLines() {
        return new SettleableLines("team_bonus_line", "leader_id", "team-bonus-line");
    }
}
