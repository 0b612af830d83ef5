package io.wally.bench.dashboard;

import io.wally.runtime.WallyRuntime;

/**
 * Clients of one kind put on a running robot for the control-loop jitter measurement of
 * {@link DashboardBench}: the dashboard's 50 WebSocket clients ({@link DashboardLoad}) and the Foxglove
 * protocol's 10 clients ({@code FoxgloveClientLoad}).
 */
public interface ClientLoad {

    /** Short name for the JSON keys ({@code dashboard}, {@code foxglove}). */
    String name();

    /** How many clients it connects. */
    int clients();

    /** Starts the server side on {@code runtime} and connects the clients, which keep reading; close undoes both. */
    AutoCloseable connect(WallyRuntime runtime) throws Exception;
}
