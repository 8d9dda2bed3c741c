package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lakeshare}: the owner's command line, a front over the admin API. It never opens the
 * database; everything goes through the server, so it works the same against a remote one.
 */
public final class LakeshareCli {

    static final String USAGE = """
            Usage: lakeshare [--server URL] [--json] COMMAND

              share create SHARE SCHEMA SPEC... [--description TEXT]   SPEC is name:format:bucket:prefix
              share update SHARE [--add SCHEMA:SPEC]... [--remove SCHEMA/TABLE,...] [--description TEXT]
                                 [--history SCHEMA/TABLE=on|off[@START_VERSION]]...   history is on for new tables
              share info SHARE
              share list
              share remove SHARE                                        revokes all of its tokens
              token create SHARE [--expires 90d|24h|30m] [--description TEXT]
              token list SHARE
              token remove TOKEN_ID

            The server is --server, else LAKESHARE_SERVER, else http://localhost:8080.
            The admin credential is LAKESHARE_ADMIN_TOKEN, else the admin-token file the local server
            wrote into its data directory (LAKESHARE_DATA_DIR, default ./data).
            --json prints the server's JSON; 'token create --json | jq -r .profile' is a profile file.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    LakeshareCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new LakeshareCli(System.out, System.err).run(args, System.getenv()));
    }

    int run(String[] argv, java.util.Map<String, String> env) {
        try {
            Args args = Args.parse(argv);
            if (args.help() || args.positional().isEmpty()) {
                out.print(USAGE);
                return args.help() ? 0 : 2;
            }
            AdminClient client = AdminClient.fromEnvironment(args.server(), env);
            JsonNode result = dispatch(args, client);
            if (args.json()) {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } else {
                new HumanOutput(out).print(args.command(), result);
            }
            return 0;
        } catch (UsageException e) {
            err.println("lakeshare: " + e.getMessage() + " (see lakeshare --help)");
            return 2;
        } catch (CliException e) {
            err.println("lakeshare: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("lakeshare: " + e);
            return 1;
        }
    }

    private JsonNode dispatch(Args args, AdminClient client) throws Exception {
        String command = args.command();
        switch (command) {
            case "share create" -> {
                args.expectAtLeast(4, "share create SHARE SCHEMA name:format:bucket:prefix...");
                ObjectNode body = json.createObjectNode()
                        .put("name", args.arg(2))
                        .put("schema", args.arg(3))
                        .put("description", args.option("description"));
                body.putArray("tables")
                        .addAll(texts(
                                args.positional().subList(4, args.positional().size())));
                return client.send("POST", "/shares", body);
            }
            case "share update" -> {
                args.expectExactly(
                        3,
                        "share update SHARE [--add SPEC]... [--remove SCHEMA/TABLE,...] [--history SCHEMA/TABLE=on|off[@N]]... [--description TEXT]");
                List<String> remove = new ArrayList<>();
                for (String list : args.options("remove")) {
                    for (String ref : list.split(",")) {
                        if (!ref.isBlank()) {
                            remove.add(ref.strip());
                        }
                    }
                }
                if (args.options("add").isEmpty()
                        && remove.isEmpty()
                        && args.option("description") == null
                        && args.options("history").isEmpty()) {
                    throw new UsageException("share update needs --add, --remove, --history or --description");
                }
                ObjectNode body = json.createObjectNode().put("description", args.option("description"));
                body.putArray("add").addAll(texts(args.options("add")));
                body.putArray("remove").addAll(texts(remove));
                body.putArray("history").addAll(texts(args.options("history")));
                return client.send("PATCH", "/shares/" + AdminClient.segment(args.arg(2)), body);
            }
            case "share info" -> {
                args.expectExactly(3, "share info SHARE");
                return client.send("GET", "/shares/" + AdminClient.segment(args.arg(2)), null);
            }
            case "share list" -> {
                args.expectExactly(2, "share list");
                return client.send("GET", "/shares", null);
            }
            case "share remove" -> {
                args.expectExactly(3, "share remove SHARE");
                client.send("DELETE", "/shares/" + AdminClient.segment(args.arg(2)), null);
                return json.createObjectNode().put("removed", args.arg(2));
            }
            case "token create" -> {
                args.expectExactly(3, "token create SHARE [--expires 90d|24h|30m] [--description TEXT]");
                ObjectNode body = json.createObjectNode()
                        .put("share", args.arg(2))
                        .put("expiresIn", args.option("expires"))
                        .put("description", args.option("description"));
                return client.send("POST", "/tokens", body);
            }
            case "token list" -> {
                args.expectExactly(3, "token list SHARE");
                return client.send("GET", "/tokens?share=" + AdminClient.segment(args.arg(2)), null);
            }
            case "token remove" -> {
                args.expectExactly(3, "token remove TOKEN_ID");
                client.send("DELETE", "/tokens/" + AdminClient.segment(args.arg(2)), null);
                return json.createObjectNode().put("removed", args.arg(2));
            }
            default -> throw new UsageException("unknown command '" + command + "'");
        }
    }

    private List<JsonNode> texts(List<String> values) {
        return values.stream().<JsonNode>map(json.getNodeFactory()::textNode).toList();
    }
}
