/**
 * Hardware abstraction: small interfaces for WALLY's sensors and actuators, with Pi4J drivers in
 * {@code io.wally.hal.pi4j} and the simulated robot in {@code io.wally.hal.sim}. Imports neither
 * {@code io.wally.maps} nor {@code io.wally.runtime}.
 */
package io.wally.hal;
