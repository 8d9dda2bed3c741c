package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** One call of the admin API ({@code /api/admin/v1} + {@code path}) and its JSON answer. */
@FunctionalInterface
interface AdminCall {

    /** @throws CliException with the server's one-line message when it refuses */
    JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException;
}
