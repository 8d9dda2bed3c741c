package io.lakeshare.sharing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    private final JsonGenerator generator;
    private final ObjectWriter writer;

    public NdjsonLines(ObjectMapper mapper, OutputStream out) throws IOException {
        this.generator = mapper.getFactory().createGenerator(new ClientOutput(out));
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
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
    public void close() throws IOException {
        generator.flush();
        generator.close();
    }
}
