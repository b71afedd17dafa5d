package io.secretjdbc.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe map bounded to a number of entries, for what the driver computes once and reuses:
 * plans per SQL string, analyses per statement shape, settings per configuration, contexts per
 * database. The one cache of the library, so that every bound is kept the same way.
 *
 * <p>A hit is a {@link ConcurrentHashMap} lookup plus reading one flag: no lock and no allocation (it
 * is on the hot path of every statement). Eviction is "second chance" (CLOCK): a hit marks its entry
 * used; when the cache is full, a sweep drops entries not used since the previous sweep and unmarks
 * the others, a tenth of the bound at a time, so a working set that fits is never evicted and the cost
 * of a sweep is spread over many misses. The size may briefly exceed the bound by the number of threads
 * adding at the same moment.
 *
 * <p>It sits in its own package and imports nothing of the project, so that every layer (config, sql,
 * jdbc) may use it without depending on another.
 */
public final class BoundedCache<K, V> {

    private static final class Entry<V> {
        final V value;
        /** Set by a hit, cleared by a sweep. A lost update only moves an eviction by one sweep. */
        volatile boolean used;

        Entry(V value) {
            this.value = value;
        }
    }

    private final int capacity;
    private final ConcurrentHashMap<K, Entry<V>> entries;

    /** @param capacity the most entries kept, at least 1 */
    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1024) * 2);
    }

    /** The value kept for key, or null. */
    public V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!entry.used) {
            entry.used = true;
        }
        return entry.value;
    }

    /** Keeps value for key unless a value is already kept; returns the one kept. */
    public V putIfAbsent(K key, V value) {
        V kept = get(key);
        if (kept != null) {
            return kept;
        }
        makeRoom();
        Entry<V> raced = entries.putIfAbsent(key, new Entry<>(value));
        return raced == null ? value : raced.value;
    }

    /** The value kept for key, else computes, keeps and returns one (computed once per key at a time). */
    public V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
        V kept = get(key);
        if (kept != null) {
            return kept;
        }
        makeRoom();
        return entries.computeIfAbsent(key, k -> new Entry<>(compute.apply(k))).value;
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }

    private void makeRoom() {
        if (entries.size() >= capacity) {
            sweep();
        }
    }

    /**
     * Drops a tenth of the bound: first the entries not used since the last sweep (unmarking the used
     * ones on the way), then, if the first pass found too few, any entries.
     */
    private synchronized void sweep() {
        int toDrop = entries.size() - capacity + Math.max(1, capacity / 10);
        for (int pass = 0; pass < 2 && toDrop > 0; pass++) {
            Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
            while (toDrop > 0 && it.hasNext()) {
                Entry<V> entry = it.next().getValue();
                if (pass == 0 && entry.used) {
                    entry.used = false;
                } else {
                    it.remove();
                    toDrop--;
                }
            }
        }
    }
}
