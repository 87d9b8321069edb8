package org.sharerengine.network;

/** applied → active → frozen (kept, earns nothing new) → removed; rejected applications keep their reason. */
public enum SharerStatus {
    APPLIED, ACTIVE, FROZEN, REMOVED, REJECTED;

    /** Only an active sharer earns new commission or receives new customers. */
    public boolean earns() {
        return this == ACTIVE;
    }
}
