package io.wally.maps.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line of a {@link Torture} run in a child JVM, for crash tests that kill it:
 * {@code --dir D --ops N --seed S --durability sync|group|none [--checkpoint-every K]}. Prints the
 * torture's lines on standard output; exit 0 when done, 2 on bad arguments or a store error (message
 * on standard error), 1 on a divergence. ({@code wally store torture} is the same for people.)
 */
final class TortureProcess {

    private TortureProcess() {
    }

    public static void main(String[] args) {
        Path dir = null;
        long ops = 1000;
        long seed = 1;
        Durability durability = Durability.GROUP;
        int checkpointEvery = 500;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--dir" -> dir = Path.of(value);
                    case "--ops" -> ops = Long.parseLong(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--durability" -> durability = Durability.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--checkpoint-every" -> checkpointEvery = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
        } catch (RuntimeException e) {
            System.err.println("torture: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Torture.run(new Torture.Options(dir, ops, seed, durability, checkpointEvery, 150), System.out);
        } catch (StoreException e) {
            System.err.println("torture: " + e.getMessage());
            System.exit(2);
        } catch (IllegalStateException e) {
            System.err.println("torture: " + e.getMessage());
            System.exit(1);
        }
    }
}
