package io.lakeshare.sharing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one compact JSON object per line straight to the response stream: nothing is collected,
 * so a response for a million files needs no more memory than one for ten.
 */
final class NdjsonLines implements Closeable {

    private final JsonGenerator generator;
    private final ObjectWriter writer;

    NdjsonLines(ObjectMapper mapper, OutputStream out) throws IOException {
        this.generator = mapper.getFactory().createGenerator(out);
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // Lines are separated by '\n' alone; Jackson would put a space between root values.
        this.generator.setRootValueSeparator(null);
        this.writer = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    void write(Object line) throws IOException {
        writer.writeValue(generator, line);
        generator.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        generator.flush();
        generator.close();
    }
}
