package io.lakeshare.sharing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes one compact JSON object per line straight to the response stream: nothing is collected,
 * so a response for a million files needs no more memory than one for ten.
 */
public final class NdjsonLines implements LineSink, Closeable {

    public static final String MEDIA_TYPE = "application/x-ndjson; charset=utf-8";

    private final OutputStream out;
    private final JsonGenerator generator;
    private final ObjectWriter writer;

    public NdjsonLines(ObjectMapper mapper, OutputStream out) throws IOException {
        // Rendered lines go to this buffer directly, Jackson's own lines through its generator's
        // buffer into it: flushing the generator between the two must not flush the response.
        this.out = new BufferedOutputStream(new ClientOutput(out), 1 << 15);
        this.generator = mapper.getFactory().createGenerator(this.out);
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        // Lines are separated by '\n' alone; Jackson would put a space between root values.
        this.generator.setRootValueSeparator(null);
        this.writer = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    @Override
    public void line(Object line) {
        try {
            writer.writeValue(generator, line);
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void rendered(byte[] json, int offset, int length) {
        try {
            generator.flush();
            out.write(json, offset, length);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void renderedLines(byte[] lines, int offset, int length) {
        try {
            generator.flush();
            out.write(lines, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            generator.flush();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        generator.flush();
        out.flush();
        generator.close();
    }
}
