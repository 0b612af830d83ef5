/**
 * MQTT for the robot: {@link io.wally.runtime.mqtt.MqttBridge} turns requests on {@code
 * wally/<id>/cmd/<command>} into {@link io.wally.runtime.command.RobotCommands} calls (exactly one reply
 * each) and publishes telemetry; {@link io.wally.runtime.mqtt.MqttTransport} is our small interface over
 * Eclipse Paho ({@link io.wally.runtime.mqtt.PahoMqttTransport} is the only class here that imports it),
 * {@link io.wally.runtime.mqtt.EmbeddedBroker} the in-process Moquette of the simulator, and {@link
 * io.wally.runtime.mqtt.MqttService} wires them from a configuration. Topics and payloads: docs/mqtt.md.
 */
package io.wally.runtime.mqtt;
