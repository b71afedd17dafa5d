package io.secretjdbc.recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * An {@link OutputStream} into a LOB or SQLXML of the real driver ({@code Blob.setBinaryStream(1)}):
 * every write is recorded with everything written so far (rendered as {@link Rendering#bytes}).
 */
final class RecordingOutputStream extends OutputStream {

    private final OutputStream target;
    private final String on;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    RecordingOutputStream(OutputStream target, String on) {
        this.target = target;
        this.on = on;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        written.write(bytes, offset, length);
        RecordingDriver.record(on, "write", List.of(Rendering.bytes(written.toByteArray())));
        target.write(bytes, offset, length);
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
