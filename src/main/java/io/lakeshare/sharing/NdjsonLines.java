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

    static final String MEDIA_TYPE = "application/x-ndjson; charset=utf-8";
    static final String VERSION_HEADER = "Delta-Table-Version";

    private final JsonGenerator generator;
    private final ObjectWriter writer;

    NdjsonLines(ObjectMapper mapper, OutputStream out) throws IOException {
        this.generator = mapper.getFactory().createGenerator(new ClientOutput(out));
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // Lines are separated by '\n' alone; Jackson would put a space between root values.
        this.generator.setRootValueSeparator(null);
        this.writer = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    void write(Object line) throws IOException {
        writer.writeValue(generator, line);
        generator.writeRaw('\n');
    }

    /** For writing from visitors that cannot throw checked exceptions. */
    void writeUnchecked(Object line) {
        try {
            write(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An NDJSON response for a table at {@code version}, with the capabilities it was answered in. */
    static jakarta.ws.rs.core.Response.ResponseBuilder response(long version, String capabilities) {
        return jakarta.ws.rs.core.Response.ok().type(MEDIA_TYPE)
                .header(VERSION_HEADER, version)
                .header(Capabilities.HEADER, "responseformat=" + capabilities);
    }

    /**
     * An NDJSON response for a table at {@code version} in {@code format}, echoing what the client
     * asked for: the end-of-stream line, and the file id hash.
     */
    static jakarta.ws.rs.core.Response.ResponseBuilder response(long version, String format, Capabilities capabilities,
                                                                String fileIdHash, FileIds ids) {
        jakarta.ws.rs.core.Response.ResponseBuilder response = response(version,
                format + (capabilities.includeEndStreamAction() ? ";includeendstreamaction=true" : ""));
        if (fileIdHash != null) {
            response.header(FileIds.HEADER, ids.scheme());
        }
        return response;
    }

    @Override
    public void close() throws IOException {
        generator.flush();
        generator.close();
    }
}
