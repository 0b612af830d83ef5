/**
 * systemd integration without libsystemd: {@link io.wally.runtime.systemd.SdNotify} sends {@code READY=1},
 * {@code WATCHDOG=1}, {@code STOPPING=1} over {@code $NOTIFY_SOCKET} through {@code java.lang.foreign};
 * {@link io.wally.runtime.systemd.SystemdWatchdog} feeds the watchdog from the control loop's heartbeat.
 * The unit and its installer live in {@code systemd/}; docs/deploy.md walks through them.
 */
package io.wally.runtime.systemd;
