package io.momoko.test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a test wrote to {@code System.out} and {@code System.err} (the library's log lines among it, since
 * slf4j-simple writes to {@code System.err}), captured by {@link OutputCaptureExtension}. Everything is
 * still passed on to the real streams, so a failing test's output stays visible.
 */
public final class CapturedOutput {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    CapturedOutput() {
    }

    synchronized void start() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(tee(originalOut, out));
        System.setErr(tee(originalErr, err));
    }

    synchronized void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private PrintStream tee(PrintStream original, ByteArrayOutputStream own) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (CapturedOutput.this) {
                    own.write(bytes, offset, length);
                    all.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * Returns what was written to {@code System.out} so far.
     *
     * @return the text
     */
    public synchronized String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Returns what was written to {@code System.err} so far (where the library logs).
     *
     * @return the text
     */
    public synchronized String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * Returns what was written to either stream so far, in the order it was written.
     *
     * @return the text
     */
    public synchronized String all() {
        return all.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return all();
    }
}
