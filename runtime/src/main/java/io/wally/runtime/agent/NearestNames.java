package io.wally.runtime.agent;

import io.wally.maps.NavGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The place names closest to a misspelt one, for {@code unknown_node} replies ("did you mean …"). Edit
 * distance, case ignored; reads every named node of a view, so it runs only when a name was not found.
 */
public final class NearestNames {

    /** Names offered at most. */
    static final int MAX_SUGGESTIONS = 3;

    private NearestNames() {
    }

    /** Up to three names of {@code view} nearest to {@code wanted}, nearest first, ties by name. */
    static List<String> of(NavGraph view, String wanted) {
        String key = wanted.strip().toLowerCase(Locale.ROOT);
        record Candidate(String name, int distance) {
        }
        List<Candidate> all = new ArrayList<>();
        for (int n = 0; n < view.nodeIdLimit(); n++) {
            if (!view.containsNode(n)) {
                continue;
            }
            Optional<String> name = view.name(n);
            if (name.isPresent()) {
                all.add(new Candidate(name.get(), distance(key, name.get().toLowerCase(Locale.ROOT))));
            }
        }
        all.sort(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name));
        return all.stream().limit(MAX_SUGGESTIONS).map(Candidate::name).toList();
    }

    /**
     * The message tail: {@code " (nearest names: kitchen, hallway)"}, or a hint to use ids or coordinates on a map
     * without names. Reads every node of {@code view}: only for a name that was not found.
     */
    public static String hint(NavGraph view, String wanted) {
        List<String> names = of(view, wanted);
        return names.isEmpty() ? " (this map has no named places; use a node id or \"x,y\" in metres)"
                : " (nearest names: " + String.join(", ", names) + ")";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
