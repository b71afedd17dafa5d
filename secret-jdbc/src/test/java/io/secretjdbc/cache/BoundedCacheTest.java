package io.secretjdbc.cache;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedCacheTest {

    @Test
    void keepsWhatWasPutAndReturnsTheFirstValueOfAKey() {
        BoundedCache<String, String> cache = new BoundedCache<>(8);
        assertThat(cache.get("a")).isNull();
        assertThat(cache.putIfAbsent("a", "1")).isEqualTo("1");
        assertThat(cache.putIfAbsent("a", "2")).isEqualTo("1");
        assertThat(cache.get("a")).isEqualTo("1");
        assertThat(cache.size()).isEqualTo(1);
        cache.clear();
        assertThat(cache.get("a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverHoldsMoreThanItsBound() {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(50);
        for (int i = 0; i < 10_000; i++) {
            cache.putIfAbsent(i, i);
            assertThat(cache.size()).isLessThanOrEqualTo(50);
        }
        assertThat(cache.size()).isGreaterThan(40); // a sweep drops a tenth, not everything
    }

    @Test
    void aWorkingSetThatIsUsedSurvivesAStreamOfOneOffKeys() {
        BoundedCache<String, String> cache = new BoundedCache<>(100);
        List<String> hot = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hot.add("hot" + i);
            cache.putIfAbsent("hot" + i, "v" + i);
        }
        for (int i = 0; i < 5_000; i++) {
            for (String key : hot) {
                assertThat(cache.get(key)).as("hot key %s after %d one-off keys", key, i).isNotNull();
            }
            cache.putIfAbsent("cold" + i, "x");
        }
    }

    @Test
    void computesAMissingValueOncePerKey() throws Exception {
        BoundedCache<String, Object> cache = new BoundedCache<>(16);
        AtomicInteger computed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> cache.computeIfAbsent("k", k -> {
                    computed.incrementAndGet();
                    return new Object();
                })));
            }
            Object first = results.get(0).get();
            for (Future<Object> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(computed).hasValue(1);
    }

    @Test
    void aHitAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        BoundedCache<String, String> cache = new BoundedCache<>(1024);
        String[] keys = new String[100];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "SELECT password FROM creds WHERE id = " + i;
            cache.putIfAbsent(keys[i], keys[i]);
        }
        long hits = 0;
        for (int round = 0; round < 20_000; round++) { // warm up: compiled code is what runs in production
            hits += cache.get(keys[round % keys.length]).length();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int round = 0; round < 1_000_000; round++) {
            hits += cache.get(keys[round % keys.length]).length();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(hits).isPositive();
        // a million hits: anything allocated per hit would be megabytes
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new BoundedCache<>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}
