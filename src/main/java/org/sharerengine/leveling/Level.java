package org.sharerengine.leveling;

/**
 * One rung of the ladder. Rank 1 needs no condition; higher ranks are entered when the period's
 * figures meet {@code entry} and kept at the end of a period when they meet {@code keep}
 * (the entry condition unless given). {@code campaignPriority} is the level's privilege flag.
 */
public record Level(Integer rank, String name, Condition entry, Condition keep, Validity validity, Boolean campaignPriority) {
}
