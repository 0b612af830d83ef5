package io.wally.maps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadixHeapTest {

    /** Pops follow key order when pushes interleave with pops as in Dijkstra (pushed keys >= last popped). */
    @Test
    void shouldPopInKeyOrderUnderMonotonePushes() {
        Random random = new Random(7);
        RadixHeap heap = new RadixHeap();
        PriorityQueue<double[]> reference = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        double[] keyOf = new double[100_000];
        int next = 0;
        for (int round = 0; round < 3; round++) {
            heap.clear();
            reference.clear();
            double last = 0;
            int pushes = 0;
            for (int i = 0; i < 20; i++) {
                keyOf[next] = random.nextDouble() * 10;
                heap.push(next, keyOf[next]);
                reference.add(new double[] {keyOf[next], next});
                next = (next + 1) % keyOf.length;
            }
            while (!heap.isEmpty()) {
                int node = heap.pop();
                double key = keyOf[node];
                assertThat(key).isEqualTo(reference.poll()[0]);
                assertThat(key).isGreaterThanOrEqualTo(last);
                assertThat(heap.lastKey()).isEqualTo(key);
                last = key;
                // Relax a few "edges": new keys at or above the popped one, some exactly equal, some tiny steps.
                int fanOut = random.nextInt(4);
                for (int k = 0; k < fanOut && pushes < 20_000; k++) {
                    pushes++;
                    double step = switch (random.nextInt(3)) {
                        case 0 -> 0.0;
                        case 1 -> Math.ulp(key);
                        default -> random.nextDouble() * 3;
                    };
                    keyOf[next] = key + step;
                    heap.push(next, keyOf[next]);
                    reference.add(new double[] {keyOf[next], next});
                    next = (next + 1) % keyOf.length;
                }
                assertThat(heap.size()).isEqualTo(reference.size());
            }
            assertThat(reference).isEmpty();
        }
    }

    @Test
    void shouldSortKeysPushedAllAtOnce() {
        Random random = new Random(11);
        RadixHeap heap = new RadixHeap();
        List<Double> keys = new ArrayList<>();
        double[] keyOf = new double[10_000];
        for (int i = 0; i < keyOf.length; i++) {
            // Zero, subnormal, tiny and large keys: the bit patterns span every bucket.
            keyOf[i] = switch (i % 4) {
                case 0 -> 0.0;
                case 1 -> Double.MIN_VALUE * random.nextInt(1000);
                case 2 -> random.nextDouble();
                default -> random.nextDouble() * 1e300;
            };
            keys.add(keyOf[i]);
            heap.push(i, keyOf[i]);
        }
        keys.sort(null);
        for (double expected : keys) {
            assertThat(keyOf[heap.pop()]).isEqualTo(expected);
        }
        assertThat(heap.isEmpty()).isTrue();
    }

    /** A key below the last popped one (an inconsistent heuristic, a negative weight) comes out at once, as the last key. */
    @Test
    void shouldRaiseAKeyBelowTheLastPoppedOne() {
        RadixHeap heap = new RadixHeap();
        heap.push(1, 5.0);
        heap.push(2, 9.0);
        assertThat(heap.pop()).isEqualTo(1);
        heap.push(3, 2.0);
        heap.push(4, -1.0);
        assertThat(List.of(heap.pop(), heap.pop())).containsExactlyInAnyOrder(3, 4);
        assertThat(heap.lastKey()).isEqualTo(5.0);
        assertThat(heap.pop()).isEqualTo(2);
        assertThat(heap.isEmpty()).isTrue();
    }

    @Test
    void shouldForgetTheLastKeyOnClear() {
        RadixHeap heap = new RadixHeap();
        heap.push(1, 100.0);
        heap.push(2, 200.0);
        heap.pop();
        heap.clear();
        assertThat(heap.isEmpty()).isTrue();
        heap.push(3, 1.0);
        heap.push(4, 0.5);
        assertThat(heap.pop()).isEqualTo(4);
        assertThat(heap.lastKey()).isEqualTo(0.5);
        assertThat(heap.pop()).isEqualTo(3);
    }
}
