package io.wally.runtime.mqtt;

/**
 * A broker that serves a new connection only a moment after its CONNACK, and says when it does.
 *
 * <p>Moquette 0.17 (the {@link EmbeddedBroker}) marks a connection connected when the write of its CONNACK
 * has completed, on another thread; a SUBSCRIBE that arrives first is answered by closing the connection.
 * A client that subscribes as soon as {@code connect} returns (ours does) therefore lost its first connection
 * now and then under load, and its Last Will announced the robot offline. The transport waits at this gate
 * between connecting and subscribing.
 */
interface ConnectionGate {

    /** How many connections the broker has accepted so far under {@code clientId}. */
    long connections(String clientId);

    /**
     * Waits until the broker serves a connection of {@code clientId} after the first {@code before}, at most
     * {@code timeoutMillis}; returns at once when it already does.
     */
    void awaitServed(String clientId, long before, long timeoutMillis) throws InterruptedException;
}
