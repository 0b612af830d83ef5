package io.wally.runtime.agent;

import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.plan.JumpPointSearch;
import java.util.Arrays;

/**
 * Jump point search for the planner's {@code cmd/plan}, on the map's grid, where it finds A*'s cost: while the
 * graph is still a uniform 8-connected grid ({@link JumpPointSearch#refreshChecked}); zones are the caller's to
 * rule out. One search per replica (a replica is the same object for good): its walls are read again, and the
 * grid checked again, when the replica's version has moved since. Once a replica is found to be something
 * else (an edited edge, a cell blocked beside an import-time diagonal: the first obstacle the robot senses,
 * usually), A* plans on it from then on: checking again after every later change would cost a pass over the
 * grid per plan, and A* finds the same cost.
 *
 * <p>Threading: the planner thread only.
 */
final class GridJumpPoints {

    private final GridLocator grid;
    private JumpPointSearch[] searches = new JumpPointSearch[0];
    private long[] versions = new long[0];
    /** Per replica: found not to be the grid JPS assumes; stays so. */
    private boolean[] other = new boolean[0];

    private GridJumpPoints(GridLocator grid) {
        this.grid = grid;
    }

    /** Jump points on {@code locator}'s grid; none (every {@link #search} null) for a graph without one. */
    static GridJumpPoints of(NodeLocator locator) {
        return new GridJumpPoints(locator instanceof GridLocator g ? g : null);
    }

    /** The search on this view's replica with its walls as they are now, or null when JPS does not apply to the graph. */
    JumpPointSearch search(ReplicatedNavGraph.ReadView view) {
        if (grid == null) {
            return null;
        }
        int r = view.replica();
        if (r >= searches.length) {
            searches = Arrays.copyOf(searches, r + 1);
            versions = Arrays.copyOf(versions, r + 1);
            other = Arrays.copyOf(other, r + 1);
        }
        if (other[r]) {
            return null;
        }
        NavGraph replica = view.pinned();
        if (searches[r] == null) {
            searches[r] = new JumpPointSearch(replica, grid.shape());
            versions[r] = replica.version() - 1;
        }
        if (versions[r] != replica.version()) {
            versions[r] = replica.version();
            if (!searches[r].refreshChecked()) {
                other[r] = true;
                searches[r] = null; // its scratch arrays are a few bytes per cell
            }
        }
        return searches[r];
    }
}
