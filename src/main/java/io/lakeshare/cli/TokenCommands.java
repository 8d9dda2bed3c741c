package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakeshare token …}: the credentials recipients read with, and their profiles. */
@Command(
        name = "token",
        description = "Create, list, rotate and remove tokens (and OAuth clients).",
        subcommands = {
            TokenCommands.Create.class,
            TokenCommands.ListTokens.class,
            TokenCommands.Rotate.class,
            TokenCommands.Remove.class
        })
final class TokenCommands {

    private TokenCommands() {}

    static final String CREATE_USAGE = "token create SHARE | --recipient RECIPIENT [--oauth | --oidc ISSUER=SUBJECT]"
            + " [--activation-link] [--expires 90d|24h|30m|45s] [--description TEXT]";

    @Command(name = "create", description = "A token for a share, or for a recipient; --json has its .profile.")
    static final class Create extends AdminCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SHARE", description = "The share (a share token).")
        String share;

        @Option(names = "--recipient", paramLabel = "RECIPIENT", description = "A recipient's token, instead.")
        String recipient;

        @Option(names = "--oauth", description = "An OAuth2 client: a version-2 profile (recipients only).")
        boolean oauth;

        @Option(names = "--activation-link", description = "Hand the profile over by a single-use link.")
        boolean activationLink;

        @Option(
                names = "--oidc",
                paramLabel = "ISSUER=SUBJECT",
                description = "Bind the recipient to a subject of a trusted OIDC issuer: it calls with that"
                        + " identity provider's JWTs (no secret; --json has a profile template).")
        String oidc;

        @Option(names = "--expires", paramLabel = "90d|24h|30m|45s", description = "None: non-expiring.")
        String expires;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            if ((share == null) == (recipient == null)) {
                throw new UsageException("usage: lakeshare " + CREATE_USAGE);
            }
            ObjectNode body = object();
            if (recipient == null) {
                body.put("share", share);
            } else {
                body.put("recipient", recipient);
            }
            if (oauth) {
                body.put("oauth", true);
            }
            if (activationLink) {
                body.put("activationLink", true);
            }
            if (oidc != null) {
                int eq = oidc.indexOf('=');
                if (eq <= 0 || eq == oidc.length() - 1) {
                    throw new UsageException("--oidc takes ISSUER=SUBJECT (a configured issuer's name and the subject"
                            + " its JWTs name), got '" + oidc + "'");
                }
                body.putObject("oidc").put("issuer", oidc.substring(0, eq)).put("subject", oidc.substring(eq + 1));
            }
            body.put("expiresIn", expires).put("description", description);
            return admin.send("POST", "/tokens", body);
        }
    }

    @Command(name = "list", description = "A share's tokens, or a recipient's.")
    static final class ListTokens extends AdminCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SHARE")
        String share;

        @Option(names = "--recipient", paramLabel = "RECIPIENT")
        String recipient;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            if ((share == null) == (recipient == null)) {
                throw new UsageException("usage: lakeshare token list SHARE | --recipient RECIPIENT");
            }
            return admin.send(
                    "GET",
                    recipient == null ? "/tokens?share=" + segment(share) : "/tokens?recipient=" + segment(recipient),
                    null);
        }
    }

    @Command(
            name = "rotate",
            description = "A new secret and profile; the old secret works for the grace period (default 24h).")
    static final class Rotate extends AdminCommand {
        @Parameters(index = "0", paramLabel = "TOKEN_ID")
        String token;

        @Option(names = "--grace", paramLabel = "24h|30m|0s")
        String grace;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("POST", "/tokens/" + segment(token) + "/rotate", object().put("grace", grace));
        }
    }

    @Command(name = "remove", description = "Revoke a token (other replicas: within seconds).")
    static final class Remove extends AdminCommand {
        @Parameters(index = "0", paramLabel = "TOKEN_ID")
        String token;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            admin.send("DELETE", "/tokens/" + segment(token), null);
            return object().put("removed", token);
        }
    }
}
