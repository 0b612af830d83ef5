package io.wally.runtime.vda5050;

import io.wally.runtime.config.WallyConfig;

/**
 * The topics of one VDA 5050 robot: {@code <interfaceName>/v2/<manufacturer>/<serialNumber>/<topic>} (the
 * standard's section 6.1; {@code v2} is the major version of the protocol). Immutable.
 */
public record Vda5050Topics(String interfaceName, String manufacturer, String serialNumber) {

    /** The topics of {@code config}'s {@code vda5050} section; a null serial number is the robot id. */
    public static Vda5050Topics of(WallyConfig config) {
        WallyConfig.Vda5050 v = config.vda5050();
        return new Vda5050Topics(v.interfaceName(), v.manufacturer(),
                v.serialNumber() == null ? config.robot().id() : v.serialNumber());
    }

    /** The common prefix, without a trailing slash. */
    public String base() {
        return interfaceName + "/v2/" + manufacturer + "/" + serialNumber;
    }

    /** Master control to the robot: orders (QoS 0). */
    public String order() {
        return base() + "/order";
    }

    /** Master control to the robot: instant actions (QoS 0). */
    public String instantActions() {
        return base() + "/instantActions";
    }

    /** The robot's state (QoS 0). */
    public String state() {
        return base() + "/state";
    }

    /** Position and velocity for displays, 5 Hz (QoS 0). */
    public String visualization() {
        return base() + "/visualization";
    }

    /** ONLINE / OFFLINE / CONNECTIONBROKEN (QoS 1, retained; the last as Last Will). */
    public String connection() {
        return base() + "/connection";
    }

    /** The robot's factsheet (QoS 0, retained). */
    public String factsheet() {
        return base() + "/factsheet";
    }
}
