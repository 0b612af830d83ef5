package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesOfAllKeptSamples() {
        LatencyRecorder r = new LatencyRecorder(100);
        assertThat(r.percentile(99)).isEqualTo(-1);
        for (int i = 1; i <= 100; i++) {
            r.record(i);
        }
        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(99)).isEqualTo(99);
        assertThat(r.percentile(100)).isEqualTo(100);
    }

    @Test
    void aPhaseIsMeasuredFromACountWithoutResettingTheWriter() {
        LatencyRecorder r = new LatencyRecorder(8);
        for (int i = 0; i < 5; i++) {
            r.record(1_000);
        }
        long from = r.count();
        assertThat(r.percentileSince(from, 99)).as("nothing recorded since").isEqualTo(-1);
        r.record(1);
        r.record(2);
        r.record(3);
        assertThat(r.percentileSince(from, 100)).isEqualTo(3);
        assertThat(r.percentileSince(from, 34)).isEqualTo(2);
    }

    @Test
    void aPhaseLongerThanTheCapacityKeepsItsLastSamples() {
        LatencyRecorder r = new LatencyRecorder(4);
        long from = r.count();
        for (int i = 1; i <= 10; i++) {
            r.record(i);
        }
        assertThat(r.percentileSince(from, 1)).as("7..10 kept").isEqualTo(7);
        assertThat(r.percentileSince(from, 100)).isEqualTo(10);
    }

    @Test
    void samplesOfSeveralPhasesPoolIntoOnePercentile() {
        LatencyRecorder r = new LatencyRecorder(16);
        long first = r.count();
        r.record(5);
        r.record(1);
        long[] a = r.samplesSince(first);
        r.record(1_000); // between the phases: not pooled
        long second = r.count();
        r.record(9);
        long[] b = r.samplesSince(second);

        assertThat(a).containsExactly(5, 1);
        assertThat(b).containsExactly(9);
        long[] pooled = {a[0], a[1], b[0]};
        assertThat(LatencyRecorder.percentile(pooled, 100)).isEqualTo(9);
        assertThat(LatencyRecorder.percentile(new long[0], 99)).isEqualTo(-1);
        assertThat(r.samplesSince(r.count())).isEmpty();
    }
}
