package io.secretjdbc.recording;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A {@link Writer} into a LOB or SQLXML of the real driver ({@code Clob.setCharacterStream(1)}): every
 * write is recorded with everything written so far, so a marker written a character at a time is
 * seen whole.
 */
final class RecordingWriter extends Writer {

    private final Writer target;
    private final String on;
    private final StringBuilder written = new StringBuilder();

    RecordingWriter(Writer target, String on) {
        this.target = target;
        this.on = on;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        written.append(chars, offset, length);
        RecordingDriver.record(on, "write", List.of(written.toString()));
        target.write(chars, offset, length);
    }

    @Override
    public void flush() throws IOException {
        RecordingDriver.record(on, "flush", List.of());
        target.flush();
    }

    @Override
    public void close() throws IOException {
        RecordingDriver.record(on, "close", List.of());
        target.close();
    }
}
