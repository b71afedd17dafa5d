package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Rows walked so far: a progress bar on standard error (rows/s and time left), or nothing. */
interface Progress extends AutoCloseable {

    void step(long rows);

    @Override
    void close();

    static Progress none() {
        return new Progress() {
            @Override
            public void step(long rows) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A me.tongfei progress bar redrawn in place on {@code err} (carriage return, then a newline when done). */
    static Progress bar(PrintWriter err, String task, long totalRows) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalRows)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" rows", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r' + line);
                    err.flush();
                }, 100))
                .build();
        return new Progress() {
            @Override
            public void step(long rows) {
                bar.stepBy(rows);
            }

            @Override
            public void close() {
                bar.close();
                err.println();
                err.flush();
            }
        };
    }
}
