package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Calls the admin API with the admin credential and turns its errors into one-line messages. */
final class AdminClient implements AdminCall {

    static final String DEFAULT_SERVER = "http://localhost:8080";
    private static final String API = "/api/admin/v1";

    private final String server;
    private final String adminToken;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    AdminClient(String server, String adminToken) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.adminToken = adminToken;
    }

    static AdminClient fromEnvironment(String serverOption, Map<String, String> env) {
        String server = serverOption != null ? serverOption : env.getOrDefault("LAKESHARE_SERVER", DEFAULT_SERVER);
        String token = env.get("LAKESHARE_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            Path file = Path.of(env.getOrDefault("LAKESHARE_DATA_DIR", "data")).resolve("admin-token");
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("no admin credential: set LAKESHARE_ADMIN_TOKEN, or run next to a local server"
                        + " whose generated " + file + " this user can read");
            }
        }
        return new AdminClient(server, token);
    }

    /** Percent-encodes one path segment. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + API + path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the Lakeshare server at " + server
                    + ": is it running? (--server or LAKESHARE_SERVER)");
        }
        if (response.statusCode() >= 300) {
            throw new CliException(errorMessage(response));
        }
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }

    private String errorMessage(HttpResponse<String> response) {
        try {
            JsonNode error = json.readTree(response.body());
            if (error != null && error.hasNonNull("message")) {
                return error.get("message").asText() + " ("
                        + error.path("errorCode").asText() + ", HTTP " + response.statusCode() + ")";
            }
        } catch (IOException notJson) {
            // fall through to the status line
        }
        return "the server answered HTTP " + response.statusCode();
    }
}
