package org.sharerengine.commission;

import org.sharerengine.shop.ProgrammeSettings;
import org.springframework.stereotype.Component;

/**
 * The rate a LEVEL_RATE product pays at a depth. Today it is the shop's default rate per
 * depth; the level ladders and commission templates (SPEC §4–5) plug in here, per sharer.
 */
@Component
class LevelRates {

    int rateBp(ProgrammeSettings settings, int depth) {
        return settings.defaultRateBp(depth);
    }
}
