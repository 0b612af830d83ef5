package io.wally.maps.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Torture} run printed: the checksum of the state at every LSN it logged or
 * acknowledged, and the last acknowledged LSN. Lines cut short by a kill are ignored.
 */
final class TortureLog {

    final Map<Long, String> checksumAt = new HashMap<>();
    long lastAck = -1;
    String lastAckChecksum;
    int acks;
    int checkpointsStarted;
    int checkpointsFinished;
    boolean done;

    static TortureLog parse(List<String> lines) {
        TortureLog log = new TortureLog();
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "LSN", "ACK", "DONE" -> {
                    if (f.length != 3 || f[2].length() != 16) {
                        continue; // cut short by the kill
                    }
                    long lsn = Long.parseLong(f[1]);
                    String previous = log.checksumAt.put(lsn, f[2]);
                    if (previous != null && !previous.equals(f[2])) {
                        throw new AssertionError("LSN " + lsn + " printed with two checksums: " + previous + " and " + f[2]);
                    }
                    if (f[0].equals("ACK")) {
                        if (lsn < log.lastAck) {
                            throw new AssertionError("ACK went backwards: " + lsn + " after " + log.lastAck);
                        }
                        log.lastAck = lsn;
                        log.lastAckChecksum = f[2];
                        log.acks++;
                    }
                    if (f[0].equals("DONE")) {
                        log.done = true;
                    }
                }
                case "CHECKPOINT" -> log.checkpointsStarted++;
                case "CHECKPOINTED" -> log.checkpointsFinished++;
                default -> {
                    // partial line at the kill
                }
            }
        }
        return log;
    }
}
