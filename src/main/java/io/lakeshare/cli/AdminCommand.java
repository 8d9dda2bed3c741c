package io.lakeshare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that makes one admin API call: it builds the request from its arguments, and the root
 * command prints the answer (as JSON with {@code --json}, else for people). The bare {@code @Command}
 * sets nothing its subclasses inherit; Picocli's processor wants one where {@code @Spec} is declared.
 */
@Command
abstract class AdminCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    /** The call, and what to print of its answer. */
    abstract JsonNode call(AdminCall admin) throws Exception;

    @Override
    public Integer call() throws Exception {
        LakeshareCli cli = (LakeshareCli) spec.root().userObject();
        JsonNode result = call(cli.connect());
        cli.print(spec.qualifiedName(" ").substring(spec.root().name().length() + 1), result);
        return 0;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static List<JsonNode> texts(List<String> values) {
        return values.stream().<JsonNode>map(JSON.getNodeFactory()::textNode).toList();
    }

    static String segment(String s) {
        return AdminClient.segment(s);
    }

    /** {@code KEY=VALUE} options as a JSON object; the value may itself hold '='. */
    static ObjectNode properties(List<String> pairs) {
        ObjectNode properties = object();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--property takes KEY=VALUE, not '" + pair + "'");
            }
            properties.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return properties;
    }
}
