package io.wally.bench.dashboard;

import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.dashboard.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@code clients} dashboard WebSocket clients that read every frame, on a dashboard server of their own. */
final class DashboardLoad implements ClientLoad {

    private final int clients;
    private final OccupancyGrid grid;
    final AtomicLong framesReceived = new AtomicLong();

    DashboardLoad(int clients, OccupancyGrid grid) {
        this.clients = clients;
        this.grid = grid;
    }

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public int clients() {
        return clients;
    }

    @Override
    public AutoCloseable connect(WallyRuntime runtime) throws Exception {
        DashboardServer server = DashboardServer.start(new DashboardServer.Settings("127.0.0.1", 0, null, 64 * 1024, 64, 5, 100, 500),
                runtime, grid, Optional.empty(), () -> true);
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        for (int i = 0; i < clients; i++) {
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    framesReceived.incrementAndGet();
                    ws.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS));
        }
        return () -> {
            sockets.forEach(WebSocket::abort);
            server.close();
            http.close();
        };
    }
}
