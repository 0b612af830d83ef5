package io.wally.bench.foxglove;

import io.wally.bench.dashboard.ClientLoad;
import io.wally.hal.BatteryMonitor;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.foxglove.FoxgloveServer;
import java.util.Optional;

/**
 * {@code clients} Foxglove protocol clients subscribed to every channel, on a Foxglove server of their own:
 * the "10 Foxglove clients" of the dashboard bench's jitter measurement.
 */
public final class FoxgloveClientLoad implements ClientLoad {

    private final int clients;
    private final OccupancyGrid grid;
    private final Optional<BatteryMonitor> battery;

    /**
     * @param clients how many clients connect
     * @param grid    the map the server sends on {@code /map}
     * @param battery the robot's battery, for the {@code /battery} channel
     */
    public FoxgloveClientLoad(int clients, OccupancyGrid grid, Optional<BatteryMonitor> battery) {
        this.clients = clients;
        this.grid = grid;
        this.battery = battery;
    }

    @Override
    public String name() {
        return "foxglove";
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public AutoCloseable connect(WallyRuntime runtime) throws Exception {
        FoxgloveServer server = FoxgloveServer.start(new FoxgloveServer.Settings("127.0.0.1", 0, null, grid, battery), runtime);
        FoxgloveLoad load;
        try {
            load = FoxgloveLoad.connect(server.url(), clients, null);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return () -> {
            load.close();
            server.close();
        };
    }
}
