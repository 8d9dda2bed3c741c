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
                                 [--access SCHEMA/TABLE=url|dir]...   dir: recipients may read the whole prefix
                                 [--partition "SCHEMA/TABLE=SCOPE"]...   recipients see only these partitions;
                                     SCOPE: col = 'v' | col IN ('a','b') | col = CURRENT_RECIPIENT('key'), AND-ed;
                                     "SCHEMA/TABLE=" (nothing after =) clears it
              share info SHARE
              share list
              share remove SHARE                                        revokes all of its tokens
              share grant SHARE RECIPIENT                               the recipient's tokens see the share
              share revoke SHARE RECIPIENT                              ... and no longer do
              recipient create RECIPIENT [--description TEXT] [--property KEY=VALUE]... [--allow-ip CIDR]...
              recipient update RECIPIENT [--description TEXT] [--property KEY=VALUE]... [--remove-property KEY]...
                               [--allow-ip CIDR]... [--remove-ip CIDR]...           no networks: callable from anywhere
              recipient info RECIPIENT
              recipient list
              recipient remove RECIPIENT                                revokes all of its tokens
              token create SHARE [--activation-link] [--expires 90d|24h|30m|45s] [--description TEXT]
              token create --recipient RECIPIENT [--oauth] [--activation-link] [--expires 90d|24h|30m|45s] [--description TEXT]
                                                                        --oauth: an OAuth2 client, a version-2 profile
                                                                        --activation-link: a single-use link to the profile
              token create --recipient RECIPIENT --oidc ISSUER=SUBJECT [--expires 90d|24h|30m|45s] [--description TEXT]
                                                                        binds a subject of a trusted OIDC issuer: its JWTs
              token list SHARE | --recipient RECIPIENT
              token rotate TOKEN_ID [--grace 24h|30m|0s]                new secret; the old one works for the grace
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
                        "share update SHARE [--add SPEC]... [--remove SCHEMA/TABLE,...] [--history SCHEMA/TABLE=on|off[@N]]... [--access SCHEMA/TABLE=url|dir]... [--partition SCHEMA/TABLE=SCOPE]... [--description TEXT]");
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
                        && args.options("history").isEmpty()
                        && args.options("access").isEmpty()
                        && args.options("partition").isEmpty()) {
                    throw new UsageException(
                            "share update needs --add, --remove, --history, --access, --partition or --description");
                }
                ObjectNode body = json.createObjectNode().put("description", args.option("description"));
                body.putArray("add").addAll(texts(args.options("add")));
                body.putArray("remove").addAll(texts(remove));
                body.putArray("history").addAll(texts(args.options("history")));
                body.putArray("access").addAll(texts(args.options("access")));
                body.putArray("partition").addAll(texts(args.options("partition")));
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
            case "share grant" -> {
                args.expectExactly(4, "share grant SHARE RECIPIENT");
                ObjectNode body = json.createObjectNode().put("recipient", args.arg(3));
                return client.send("POST", "/shares/" + AdminClient.segment(args.arg(2)) + "/recipients", body);
            }
            case "share revoke" -> {
                args.expectExactly(4, "share revoke SHARE RECIPIENT");
                return client.send(
                        "DELETE",
                        "/shares/" + AdminClient.segment(args.arg(2)) + "/recipients/"
                                + AdminClient.segment(args.arg(3)),
                        null);
            }
            case "recipient create" -> {
                args.expectExactly(
                        3,
                        "recipient create RECIPIENT [--description TEXT] [--property KEY=VALUE]... [--allow-ip CIDR]...");
                ObjectNode body =
                        json.createObjectNode().put("name", args.arg(2)).put("description", args.option("description"));
                body.set("properties", properties(args.options("property")));
                body.putArray("allowedNetworks").addAll(texts(args.options("allow-ip")));
                return client.send("POST", "/recipients", body);
            }
            case "recipient update" -> {
                args.expectExactly(
                        3,
                        "recipient update RECIPIENT [--description TEXT] [--property KEY=VALUE]... [--remove-property KEY]..."
                                + " [--allow-ip CIDR]... [--remove-ip CIDR]...");
                if (args.option("description") == null
                        && args.options("property").isEmpty()
                        && args.options("remove-property").isEmpty()
                        && args.options("allow-ip").isEmpty()
                        && args.options("remove-ip").isEmpty()) {
                    throw new UsageException(
                            "recipient update needs --description, --property, --remove-property, --allow-ip or --remove-ip");
                }
                ObjectNode body = json.createObjectNode().put("description", args.option("description"));
                body.set("properties", properties(args.options("property")));
                body.putArray("removeProperties").addAll(texts(args.options("remove-property")));
                body.putArray("allowNetworks").addAll(texts(args.options("allow-ip")));
                body.putArray("removeNetworks").addAll(texts(args.options("remove-ip")));
                return client.send("PATCH", "/recipients/" + AdminClient.segment(args.arg(2)), body);
            }
            case "recipient info" -> {
                args.expectExactly(3, "recipient info RECIPIENT");
                return client.send("GET", "/recipients/" + AdminClient.segment(args.arg(2)), null);
            }
            case "recipient list" -> {
                args.expectExactly(2, "recipient list");
                return client.send("GET", "/recipients", null);
            }
            case "recipient remove" -> {
                args.expectExactly(3, "recipient remove RECIPIENT");
                client.send("DELETE", "/recipients/" + AdminClient.segment(args.arg(2)), null);
                return json.createObjectNode().put("removed", args.arg(2));
            }
            case "token create" -> {
                String usage =
                        "token create SHARE | --recipient RECIPIENT [--oauth | --oidc ISSUER=SUBJECT] [--activation-link] [--expires 90d|24h|30m|45s] [--description TEXT]";
                String recipient = args.option("recipient");
                args.expectExactly(recipient == null ? 3 : 2, usage);
                ObjectNode body = json.createObjectNode();
                if (recipient == null) {
                    body.put("share", args.arg(2));
                } else {
                    body.put("recipient", recipient);
                }
                if (args.flag("oauth")) {
                    body.put("oauth", true);
                }
                if (args.flag("activation-link")) {
                    body.put("activationLink", true);
                }
                String oidc = args.option("oidc");
                if (oidc != null) {
                    int eq = oidc.indexOf('=');
                    if (eq <= 0 || eq == oidc.length() - 1) {
                        throw new UsageException(
                                "--oidc takes ISSUER=SUBJECT (a configured issuer's name and the subject"
                                        + " its JWTs name), got '" + oidc + "'");
                    }
                    body.putObject("oidc").put("issuer", oidc.substring(0, eq)).put("subject", oidc.substring(eq + 1));
                }
                body.put("expiresIn", args.option("expires")).put("description", args.option("description"));
                return client.send("POST", "/tokens", body);
            }
            case "token list" -> {
                String recipient = args.option("recipient");
                args.expectExactly(recipient == null ? 3 : 2, "token list SHARE | --recipient RECIPIENT");
                return client.send(
                        "GET",
                        recipient == null
                                ? "/tokens?share=" + AdminClient.segment(args.arg(2))
                                : "/tokens?recipient=" + AdminClient.segment(recipient),
                        null);
            }
            case "token rotate" -> {
                args.expectExactly(3, "token rotate TOKEN_ID [--grace 24h|30m|0s]");
                ObjectNode body = json.createObjectNode().put("grace", args.option("grace"));
                return client.send("POST", "/tokens/" + AdminClient.segment(args.arg(2)) + "/rotate", body);
            }
            case "token remove" -> {
                args.expectExactly(3, "token remove TOKEN_ID");
                client.send("DELETE", "/tokens/" + AdminClient.segment(args.arg(2)), null);
                return json.createObjectNode().put("removed", args.arg(2));
            }
            default -> throw new UsageException("unknown command '" + command + "'");
        }
    }

    /** {@code KEY=VALUE} options as a JSON object; the value may itself hold '='. */
    private ObjectNode properties(List<String> pairs) {
        ObjectNode properties = json.createObjectNode();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--property takes KEY=VALUE, not '" + pair + "'");
            }
            properties.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return properties;
    }

    private List<JsonNode> texts(List<String> values) {
        return values.stream().<JsonNode>map(json.getNodeFactory()::textNode).toList();
    }
}
