/**
 * The demo shop: on an empty database, seeds a tea house with six months of sharers, shares,
 * orders, refunds, settlement and withdrawals through the engine's own services, so every
 * number a visitor sees was computed by the engine. No other module depends on this one.
 */
package org.sharerengine.demo;
