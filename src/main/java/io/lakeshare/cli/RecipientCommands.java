package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakeshare recipient …}: one recipient per partner, granted shares, with its own tokens. */
@Command(
        name = "recipient",
        description = "Create, change, inspect and remove recipients; see what they read.",
        subcommands = {
            RecipientCommands.Create.class,
            RecipientCommands.Update.class,
            RecipientCommands.Info.class,
            RecipientCommands.Usage.class,
            RecipientCommands.ListRecipients.class,
            RecipientCommands.Remove.class
        })
final class RecipientCommands {

    private RecipientCommands() {}

    @Command(name = "create", description = "Create a recipient.")
    static final class Create extends AdminCommand {
        @Parameters(index = "0", paramLabel = "RECIPIENT")
        String recipient;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A property, for partition scopes.")
        List<String> properties = new ArrayList<>();

        @Option(names = "--allow-ip", paramLabel = "CIDR", description = "A network it may call from (none: anywhere).")
        List<String> allowIp = new ArrayList<>();

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            ObjectNode body = object().put("name", recipient).put("description", description);
            body.set("properties", properties(properties));
            body.putArray("allowedNetworks").addAll(texts(allowIp));
            return admin.send("POST", "/recipients", body);
        }
    }

    @Command(name = "update", description = "Change the description, properties and networks.")
    static final class Update extends AdminCommand {
        @Parameters(index = "0", paramLabel = "RECIPIENT")
        String recipient;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--property", paramLabel = "KEY=VALUE")
        List<String> properties = new ArrayList<>();

        @Option(names = "--remove-property", paramLabel = "KEY")
        List<String> removeProperties = new ArrayList<>();

        @Option(names = "--allow-ip", paramLabel = "CIDR")
        List<String> allowIp = new ArrayList<>();

        @Option(names = "--remove-ip", paramLabel = "CIDR", description = "No networks left: callable from anywhere.")
        List<String> removeIp = new ArrayList<>();

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            if (description == null
                    && properties.isEmpty()
                    && removeProperties.isEmpty()
                    && allowIp.isEmpty()
                    && removeIp.isEmpty()) {
                throw new UsageException(
                        "recipient update needs --description, --property, --remove-property, --allow-ip or --remove-ip");
            }
            ObjectNode body = object().put("description", description);
            body.set("properties", properties(properties));
            body.putArray("removeProperties").addAll(texts(removeProperties));
            body.putArray("allowNetworks").addAll(texts(allowIp));
            body.putArray("removeNetworks").addAll(texts(removeIp));
            return admin.send("PATCH", "/recipients/" + segment(recipient), body);
        }
    }

    @Command(name = "info", description = "Properties, networks, granted shares, token count.")
    static final class Info extends AdminCommand {
        @Parameters(index = "0", paramLabel = "RECIPIENT")
        String recipient;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("GET", "/recipients/" + segment(recipient), null);
        }
    }

    @Command(
            name = "usage",
            description = "What it read, per table: requests, files, bytes, downloads, first and last seen.")
    static final class Usage extends AdminCommand {
        @Parameters(index = "0", paramLabel = "RECIPIENT")
        String recipient;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("GET", "/recipients/" + segment(recipient) + "/usage", null);
        }
    }

    @Command(name = "list", description = "Every recipient.")
    static final class ListRecipients extends AdminCommand {
        @Override
        JsonNode call(AdminCall admin) throws Exception {
            return admin.send("GET", "/recipients", null);
        }
    }

    @Command(name = "remove", description = "Remove a recipient; removes its grants and revokes its tokens.")
    static final class Remove extends AdminCommand {
        @Parameters(index = "0", paramLabel = "RECIPIENT")
        String recipient;

        @Override
        JsonNode call(AdminCall admin) throws Exception {
            admin.send("DELETE", "/recipients/" + segment(recipient), null);
            return object().put("removed", recipient);
        }
    }
}
