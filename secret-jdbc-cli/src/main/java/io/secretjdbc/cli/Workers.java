package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * N connections working through the key ranges of one table at once ({@code --workers N}).
 *
 * <p>Why no coordination beyond a queue: the ranges are disjoint, every row's work is decided from the
 * row alone (a value's state, the configured keys, a fresh random IV), and every update is conditional
 * on the value read, so workers share nothing but the list of ranges left. Each worker takes the next
 * range when it is done with one (more ranges than workers, so one slow range does not leave the others
 * idle). When one fails, the others stop after their current batch and the first error is thrown;
 * everything committed stays, and a run started again finds it done.
 */
final class Workers {

    /** One worker's state on its own connection (a TableRewriter, a scan's counts). */
    interface Worker {
        void process(KeyRange range, BooleanSupplier keepGoing) throws SQLException;
    }

    interface Factory<W extends Worker> {
        W create(Connection connection) throws SQLException;
    }

    interface Connector {
        Connection connect() throws SQLException;
    }

    private Workers() {
    }

    /**
     * Processes every range, each once. With one worker it runs on {@code own} in this thread;
     * otherwise on {@code workers} connections from {@code connector}, closed at the end.
     *
     * @return the workers, for their counts
     */
    static <W extends Worker> List<W> run(int workers, Connection own, Connector connector, List<KeyRange> ranges,
            Factory<W> factory) throws SQLException {
        if (workers == 1) {
            W worker = factory.create(own);
            for (KeyRange range : ranges) {
                worker.process(range, () -> true);
            }
            return List.of(worker);
        }
        Queue<KeyRange> left = new ConcurrentLinkedQueue<>(ranges);
        AtomicBoolean failed = new AtomicBoolean();
        BooleanSupplier keepGoing = () -> !failed.get();
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "secret-jdbc-worker");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<W>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(() -> {
                    try (Connection connection = connector.connect()) {
                        W worker = factory.create(connection);
                        for (KeyRange range = left.poll(); range != null && keepGoing.getAsBoolean(); range = left.poll()) {
                            worker.process(range, keepGoing);
                        }
                        return worker;
                    } catch (SQLException | RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            List<W> done = new ArrayList<>();
            Throwable first = null;
            for (Future<W> future : futures) {
                try {
                    done.add(future.get());
                } catch (ExecutionException e) {
                    first = first != null ? first : e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    first = first != null ? first : new SQLException("interrupted while the workers ran", e);
                }
            }
            if (first != null) {
                throw rethrow(first);
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }

    /** The worker's own exception: an SQLException as is, unchecked ones thrown as they are. */
    private static SQLException rethrow(Throwable cause) {
        if (cause instanceof SQLException sql) {
            return sql;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new SQLException(cause);
    }
}
