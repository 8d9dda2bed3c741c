package io.lakeshare.sharing.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.sharing.NdjsonLines;
import io.lakeshare.sharing.ResponseOptions;
import io.lakeshare.sharing.TableLines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** A table query's answer as an HTTP response: its head as headers, its lines streamed as NDJSON. */
@ApplicationScoped
public class NdjsonResponses {

    /** The table version an answer describes, on every answer to a table query. */
    static final String VERSION_HEADER = "Delta-Table-Version";

    @Inject
    ObjectMapper mapper;

    Response of(TableLines answer) {
        Response.ResponseBuilder response = Response.ok().type(NdjsonLines.MEDIA_TYPE)
                .header(VERSION_HEADER, answer.version())
                .header(ResponseOptions.CAPABILITIES_HEADER, answer.capabilities());
        if (answer.fileIdScheme() != null) {
            response.header(ResponseOptions.FILE_ID_HASH_HEADER, answer.fileIdScheme());
        }
        return response.entity((StreamingOutput) out -> {
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                answer.body().writeTo(lines);
            }
        }).build();
    }
}
