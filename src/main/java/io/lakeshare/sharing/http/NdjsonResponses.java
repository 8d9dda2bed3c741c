package io.lakeshare.sharing.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.errors.StreamFailure;
import io.lakeshare.sharing.NdjsonLines;
import io.lakeshare.sharing.ResponseOptions;
import io.lakeshare.sharing.TableLines;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A table query's answer as an HTTP response: its head as headers, its lines streamed as NDJSON. */
@ApplicationScoped
public class NdjsonResponses {

    /** The table version an answer describes, on every answer to a table query. */
    static final String VERSION_HEADER = "Delta-Table-Version";

    private static final long CUT_WAIT_SECONDS = 5;

    @Inject
    ObjectMapper mapper;

    @Inject
    CurrentVertxRequest request;

    Response of(TableLines answer) {
        Response.ResponseBuilder response = Response.ok()
                .type(NdjsonLines.MEDIA_TYPE)
                .header(VERSION_HEADER, answer.version())
                .header(ResponseOptions.CAPABILITIES_HEADER, answer.capabilities());
        if (answer.fileIdScheme() != null) {
            response.header(ResponseOptions.FILE_ID_HASH_HEADER, answer.fileIdScheme());
        }
        RoutingContext routing = request.getCurrent();
        return response.entity((StreamingOutput) out -> {
                    try (NdjsonLines lines = new NdjsonLines(mapper, PacedOutput.of(out, routing))) {
                        answer.body().writeTo(lines);
                    } catch (StreamFailure failed) {
                        cutIfStarted(routing);
                        throw failed;
                    } catch (RuntimeException | Error unexpected) {
                        // Whatever broke the stream (memory, a library's own failure), the client must
                        // see an incomplete answer as cut, never wait on a response that never ends.
                        cutIfStarted(routing);
                        throw unexpected;
                    } finally {
                        QueryAdmission.streamEnded(routing);
                    }
                })
                .build();
    }

    /**
     * The answer failed after its first line. If lines went out under a 200 already, only a cut
     * transfer tells the client the answer is incomplete: the connection is closed, and this waits
     * until it is, so that nothing else (a last chunk that would make the answer look complete) goes
     * out first. If nothing went out yet, the error mapper answers with the error itself.
     */
    private static void cutIfStarted(RoutingContext routing) {
        if (routing == null
                || !routing.response().headWritten()
                || routing.request().connection() == null) {
            return;
        }
        try {
            routing.request()
                    .connection()
                    .close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(CUT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing failed or took too long: the connection is going away anyway.
        }
    }
}
