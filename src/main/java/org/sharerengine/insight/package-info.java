/**
 * Insight: read-only figures across the engine (SPEC §9), computed with set-based SQL over the
 * tables the other modules write. It depends on no module's internals and no module depends on it.
 */
package org.sharerengine.insight;
