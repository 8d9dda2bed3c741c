package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakeshare share …}: shares, their tables, and their grants to recipients. */
@Command(
        name = "share",
        description = "Create, change, inspect and remove shares; grant them to recipients.",
        subcommands = {
            ShareCommands.Create.class,
            ShareCommands.Update.class,
            ShareCommands.Info.class,
            ShareCommands.ListShares.class,
            ShareCommands.Remove.class,
            ShareCommands.Grant.class,
            ShareCommands.Revoke.class
        })
final class ShareCommands {

    private ShareCommands() {}

    @Command(name = "create", description = "Create a share with tables in one schema.")
    static final class Create extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SHARE")
        String share;

        @Parameters(index = "1", paramLabel = "SCHEMA")
        String schema;

        @Parameters(index = "2..*", paramLabel = "SPEC", description = "A table: name:format:bucket:prefix.")
        List<String> tables = new ArrayList<>();

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            ObjectNode body = object().put("name", share).put("schema", schema).put("description", description);
            body.putArray("tables").addAll(texts(tables));
            return admin.send("POST", "/shares", body);
        }
    }

    @Command(name = "update", description = "Add and remove tables; set history, access and partition scopes.")
    static final class Update extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SHARE")
        String share;

        @Option(
                names = "--add",
                paramLabel = "SCHEMA:SPEC",
                description = "Add a table (schema:name:format:bucket:prefix).")
        List<String> add = new ArrayList<>();

        @Option(names = "--remove", paramLabel = "SCHEMA/TABLE,...", description = "Remove tables.")
        List<String> remove = new ArrayList<>();

        @Option(
                names = "--history",
                paramLabel = "SCHEMA/TABLE=on|off[@N]",
                description = "Share the table's history (from version N), or only its latest version.")
        List<String> history = new ArrayList<>();

        @Option(
                names = "--access",
                paramLabel = "SCHEMA/TABLE=url|dir",
                description = "dir: recipients may also read the table's whole prefix with vended credentials.")
        List<String> access = new ArrayList<>();

        @Option(
                names = "--partition",
                paramLabel = "SCHEMA/TABLE=SCOPE",
                description = "Recipients see only these partitions, e.g. \"sales/orders=country = 'nl'\".")
        List<String> partition = new ArrayList<>();

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            List<String> removed = new ArrayList<>();
            for (String list : remove) {
                for (String ref : list.split(",")) {
                    if (!ref.isBlank()) {
                        removed.add(ref.strip());
                    }
                }
            }
            if (add.isEmpty()
                    && removed.isEmpty()
                    && description == null
                    && history.isEmpty()
                    && access.isEmpty()
                    && partition.isEmpty()) {
                throw new UsageException(
                        "share update needs --add, --remove, --history, --access, --partition or --description");
            }
            ObjectNode body = object().put("description", description);
            body.putArray("add").addAll(texts(add));
            body.putArray("remove").addAll(texts(removed));
            body.putArray("history").addAll(texts(history));
            body.putArray("access").addAll(texts(access));
            body.putArray("partition").addAll(texts(partition));
            return admin.send("PATCH", "/shares/" + segment(share), body);
        }
    }

    @Command(name = "info", description = "A share's tables, and whether each location holds a table of its format.")
    static final class Info extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SHARE")
        String share;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("GET", "/shares/" + segment(share), null);
        }
    }

    @Command(name = "list", description = "Every share.")
    static final class ListShares extends AdminCommand {
        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("GET", "/shares", null);
        }
    }

    @Command(name = "remove", description = "Remove a share; revokes all of its tokens.")
    static final class Remove extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SHARE")
        String share;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            admin.send("DELETE", "/shares/" + segment(share), null);
            return object().put("removed", share);
        }
    }

    @Command(name = "grant", description = "The recipient's tokens see the share from their next request.")
    static final class Grant extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SHARE")
        String share;

        @Parameters(index = "1", paramLabel = "RECIPIENT")
        String recipient;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send(
                    "POST", "/shares/" + segment(share) + "/recipients", object().put("recipient", recipient));
        }
    }

    @Command(name = "revoke", description = "... and no longer do.")
    static final class Revoke extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SHARE")
        String share;

        @Parameters(index = "1", paramLabel = "RECIPIENT")
        String recipient;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("DELETE", "/shares/" + segment(share) + "/recipients/" + segment(recipient), null);
        }
    }
}
