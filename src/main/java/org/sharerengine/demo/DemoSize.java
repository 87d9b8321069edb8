package org.sharerengine.demo;

/**
 * How big a demo shop to seed. The start-up demo uses {@link #FULL}; tests seed smaller shops.
 * Below the minimum the shop could not show every feature (inviter chains, pending
 * applications, withdrawals in each state).
 */
record DemoSize(int sharers, int orders) {

    static final DemoSize FULL = new DemoSize(300, 3_000);

    DemoSize {
        if (sharers < 30 || orders < 200) {
            throw new IllegalArgumentException("a demo shop needs at least 30 sharers and 200 orders");
        }
    }
}
