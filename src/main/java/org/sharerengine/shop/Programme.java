package org.sharerengine.shop;

/**
 * A shop's settings as read, with the version of the shop's programme (settings, product library,
 * boosts, level programme) at that read. The version grows with every committed change to any of
 * them ({@link Shops#programmeChanged}), so what was read of the programme at one version still
 * holds for as long as a later read of the shop answers the same version.
 */
public record Programme(ProgrammeSettings settings, long version) {
}
