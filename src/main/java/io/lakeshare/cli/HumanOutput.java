package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Tidy tables for people; scripts use {@code --json}. */
final class HumanOutput {

    private final PrintStream out;

    HumanOutput(PrintStream out) {
        this.out = out;
    }

    void print(String command, JsonNode r) {
        switch (command) {
            case "share create", "share update", "share info" -> share(r);
            case "share list" -> {
                Table t = new Table("SHARE", "TABLES", "TOKENS", "UPDATED", "DESCRIPTION");
                r.path("items")
                        .forEach(s -> t.row(
                                s.path("name").asText(),
                                s.path("tables").asText(),
                                s.path("tokens").asText(),
                                s.path("updatedAt").asText(),
                                s.path("description").asText("")));
                t.print(
                        out,
                        "No shares yet. Create one with: lakeshare share create SHARE SCHEMA name:format:bucket:prefix");
            }
            case "share remove" ->
                out.println("Removed share " + r.path("removed").asText() + " and revoked its tokens.");
            case "share grant", "share revoke", "recipient create", "recipient update", "recipient info" ->
                recipient(r);
            case "recipient list" -> {
                Table t = new Table("RECIPIENT", "SHARES", "TOKENS", "UPDATED", "DESCRIPTION");
                r.path("items")
                        .forEach(p -> t.row(
                                p.path("name").asText(),
                                joined(p.path("shares")),
                                p.path("tokens").asText(),
                                p.path("updatedAt").asText(),
                                p.path("description").asText("")));
                t.print(out, "No recipients yet. Create one with: lakeshare recipient create RECIPIENT");
            }
            case "recipient usage" -> {
                Table t = new Table(
                        "TABLE", "REQUESTS", "FILES", "ANSWERED", "DOWNLOADS", "DOWNLOADED", "FIRST SEEN", "LAST SEEN");
                r.path("tables")
                        .forEach(u -> t.row(
                                u.path("share").asText() + "."
                                        + u.path("schema").asText() + "."
                                        + u.path("table").asText(),
                                u.path("requests").asText(),
                                u.path("files").asText(),
                                size(u.path("responseBytes")),
                                u.path("downloads").asText(),
                                size(u.path("downloadBytes")),
                                u.path("firstSeen").asText(),
                                u.path("lastSeen").asText()));
                t.print(out, "Recipient " + r.path("recipient").asText() + " has read nothing yet.");
            }
            case "recipient remove" ->
                out.println("Removed recipient " + r.path("removed").asText() + " and revoked its tokens.");
            case "token create", "token rotate" -> {
                boolean oauth = r.path("kind").asText().equals("oauth");
                if (r.path("kind").asText().equals("oidc")) {
                    out.println("Bound recipient " + r.path("recipient").asText() + " to subject '"
                            + r.path("oidcSubject").asText() + "' of issuer "
                            + r.path("oidcIssuer").asText()
                            + " (token " + r.path("id").asText() + "), " + expiry(r.path("expiresAt")) + ".");
                    out.println();
                    out.println(
                            "Profile template for the recipient (it fills in its own client of the identity provider):");
                    out.println(r.path("profile").toPrettyString());
                    return;
                }
                out.println("Created " + (oauth ? "OAuth client " : "token ")
                        + r.path("id").asText() + " for " + holder(r) + ", " + expiry(r.path("expiresAt")) + ".");
                if (r.has("replaces")) {
                    out.println("It replaces token " + r.path("replaces").asText() + ", whose secret works until "
                            + r.path("replacedExpiresAt").asText() + ".");
                }
                out.println();
                if (r.has("activationLink")) {
                    out.println("Activation link for the recipient (works once, until "
                            + r.path("activationLinkExpiresAt").asText() + "; shown once):");
                    out.println("  " + r.path("activationLink").asText());
                    out.println("The recipient downloads the profile with: curl -X POST -o profile.share LINK");
                    return;
                }
                out.println((oauth ? "Client secret" : "Bearer token") + " (shown once, keep it secret):");
                out.println("  " + r.path("token").asText());
                out.println();
                out.println("Profile file for the recipient (save as e.g. profile.share):");
                out.println(r.path("profile").toPrettyString());
            }
            case "token list" -> {
                Table t = new Table(
                        "ID", "KIND", "PREFIX", "CREATED", "EXPIRES", "LAST USED", "REPLACED BY", "DESCRIPTION");
                r.path("items")
                        .forEach(k -> t.row(
                                k.path("id").asText(),
                                k.path("kind").asText("bearer"),
                                k.has("oidcIssuer")
                                        ? k.path("oidcIssuer").asText() + "="
                                                + k.path("oidcSubject").asText()
                                        : k.path("prefix").asText() + "...",
                                k.path("createdAt").asText(),
                                k.path("expiresAt").asText("never"),
                                k.path("lastUsedAt").asText("never"),
                                k.path("replacedBy").asText("-"),
                                k.path("description").asText("")));
                t.print(out, "No tokens. Create one with: lakeshare token create SHARE (or --recipient RECIPIENT)");
            }
            case "token remove" ->
                out.println("Revoked token " + r.path("removed").asText() + ".");
            default -> out.println(r.toPrettyString());
        }
    }

    private void share(JsonNode s) {
        out.println("Share:       " + s.path("name").asText() + "  (id "
                + s.path("id").asText() + ")");
        if (!s.path("description").asText("").isEmpty()) {
            out.println("Description: " + s.path("description").asText());
        }
        out.println("Updated:     " + s.path("updatedAt").asText());
        out.println("Tokens:      " + s.path("tokens").asText());
        out.println("Recipients:  " + joined(s.path("recipients")));
        out.println();
        Table t = new Table(
                "SCHEMA", "TABLE", "FORMAT", "LOCATION", "HISTORY", "ACCESS", "VERSION", "FILES", "SIZE", "STATUS");
        List<String> hints = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        s.path("tables").forEach(tb -> {
            if (tb.path("partitionScope").isTextual()) {
                scopes.add(tb.path("schema").asText() + "/" + tb.path("name").asText() + ": "
                        + tb.path("partitionScope").asText());
            }
            JsonNode at = tb.path("location");
            t.row(
                    tb.path("schema").asText(),
                    tb.path("name").asText(),
                    tb.path("format").asText(),
                    at.path("store").asText() + ":" + tb.path("bucket").asText() + "/"
                            + tb.path("prefix").asText(),
                    !tb.path("historyShared").asBoolean(true)
                            ? "off"
                            : tb.path("startVersion").isNumber()
                                    ? "from v" + tb.path("startVersion").asText()
                                    : "on",
                    tb.path("accessMode").asText("url"),
                    at.path("version").asText("-"),
                    at.path("files").asText("-"),
                    size(at.path("sizeBytes")),
                    at.path("detail").asText());
            at.path("hints")
                    .forEach(h -> hints.add(
                            tb.path("schema").asText() + "." + tb.path("name").asText() + ": " + h.asText()));
        });
        t.print(out, "No tables. Add one with: lakeshare share update SHARE --add schema:name:format:bucket:prefix");
        if (!scopes.isEmpty()) {
            out.println();
            scopes.forEach(p -> out.println("Partition scope of " + p));
        }
        if (!hints.isEmpty()) {
            out.println();
            hints.forEach(h -> out.println("Hint: " + h));
        }
    }

    private void recipient(JsonNode r) {
        out.println("Recipient:   " + r.path("name").asText() + "  (id "
                + r.path("id").asText() + ")");
        if (!r.path("description").asText("").isEmpty()) {
            out.println("Description: " + r.path("description").asText());
        }
        out.println("Updated:     " + r.path("updatedAt").asText());
        out.println("Tokens:      " + r.path("tokens").asText());
        out.println("Shares:      " + (r.path("shares").isEmpty() ? "none granted" : joined(r.path("shares"))));
        out.println("Networks:    "
                + (r.path("allowedNetworks").isEmpty()
                        ? "anywhere (no IP access list)"
                        : joined(r.path("allowedNetworks"))));
        r.path("properties")
                .fields()
                .forEachRemaining(p -> out.println(
                        "Property:    " + p.getKey() + "=" + p.getValue().asText()));
    }

    private static String holder(JsonNode token) {
        return token.hasNonNull("recipient")
                ? "recipient " + token.path("recipient").asText()
                : "share " + token.path("share").asText();
    }

    private static String joined(JsonNode names) {
        List<String> all = new ArrayList<>();
        names.forEach(n -> all.add(n.asText()));
        return all.isEmpty() ? "-" : String.join(",", all);
    }

    private static String size(JsonNode bytes) {
        if (!bytes.isNumber()) {
            return "-";
        }
        double b = bytes.asDouble();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? (long) b + " B" : String.format("%.1f %s", b, units[u]);
    }

    private static String expiry(JsonNode expiresAt) {
        return expiresAt.isMissingNode() || expiresAt.isNull() ? "non-expiring" : "expires " + expiresAt.asText();
    }

    /** Columns padded to their widest cell. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintStream out, String whenEmpty) {
            if (rows.size() == 1) {
                out.println(whenEmpty);
                return;
            }
            int[] width = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
