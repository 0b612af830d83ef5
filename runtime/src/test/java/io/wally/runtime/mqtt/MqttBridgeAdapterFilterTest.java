package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The topic matching the bridge uses to hand messages outside {@code cmd/} to an adapter (Home Assistant). */
class MqttBridgeAdapterFilterTest {

    @Test
    void shouldMatchLevelsAndWildcardsAsMqttDoes() {
        assertThat(MqttBridge.matches("wally/r1/ha/set/#", "wally/r1/ha/set/room/kitchen")).isTrue();
        assertThat(MqttBridge.matches("wally/r1/ha/set/#", "wally/r1/ha/set")).isTrue(); // '#' covers the parent level
        assertThat(MqttBridge.matches("wally/r1/ha/set/#", "wally/r1/ha/state")).isFalse();
        assertThat(MqttBridge.matches("homeassistant/+/r1/+/config", "homeassistant/button/r1/dock/config")).isTrue();
        assertThat(MqttBridge.matches("homeassistant/+/r1/+/config", "homeassistant/button/r2/dock/config")).isFalse();
        assertThat(MqttBridge.matches("homeassistant/+/r1/+/config", "homeassistant/button/r1/dock/config/x")).isFalse();
        assertThat(MqttBridge.matches("homeassistant/status", "homeassistant/status")).isTrue();
        assertThat(MqttBridge.matches("homeassistant/status", "homeassistant/status/x")).isFalse();
        assertThat(MqttBridge.matches("+/+", "a/")).isTrue(); // an empty level is a level
    }
}
