package io.lakeshare.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The native image carries the CLI inside the server's executable, where Picocli can only reach the
 * commands' fields and constructors that the build registered for reflection: every command is in the
 * configuration the build generates, with what Picocli reads of it. And only a command makes the
 * executable the CLI: without one (or with just the JVM's options) it is the server.
 */
class NativeCliTest {

    private static final String CONFIG =
            "META-INF/native-image/picocli-generated/io.lakeshare/lakeshare/reflect-config.json";

    @Test
    void every_command_is_registered_for_reflection_in_the_native_image() throws Exception {
        Map<String, JsonNode> registered = new HashMap<>();
        try (InputStream config = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertNotNull(config, CONFIG + " is not generated: Picocli's annotation processor is not in the build");
            AdminCommand.JSON
                    .readTree(config)
                    .forEach(entry -> registered.put(entry.get("name").asText(), entry));
        }
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CommandLine root = new CommandLine(new LakeshareCli(nowhere, nowhere, Map.of(), (server, env) -> null));
        long commands = commands(root)
                .map(command -> command.getCommandSpec().userObject().getClass().getName())
                .peek(name -> assertTrue(registered.containsKey(name), name + " is not registered for reflection"))
                .count();
        assertTrue(commands > 20, "only " + commands + " commands walked");
        assertTrue(registered.containsKey("picocli.CommandLine$AutoHelpMixin"), "--help is not registered");
        // The options of a command are read from its fields, declared on it or on its superclass.
        assertTrue(registered.get(TokenCommands.Rotate.class.getName()).has("fields"));
        assertTrue(registered.get(AdminCommand.class.getName()).has("fields"));
    }

    @Test
    void the_executable_is_the_cli_only_when_given_a_command() {
        assertTrue(LakeshareCli.isCommandLine("share", "list"));
        assertTrue(LakeshareCli.isCommandLine("--help"));
        assertTrue(LakeshareCli.isCommandLine("--server", "http://localhost:8080", "share", "list"));
        assertFalse(LakeshareCli.isCommandLine());
        // How the native image's entry point starts the server (JVM options a native binary may pass on).
        assertFalse(LakeshareCli.isCommandLine("-Dquarkus.http.host=0.0.0.0"));
        assertFalse(LakeshareCli.isCommandLine("-Xmx256m"));
    }

    private static Stream<CommandLine> commands(CommandLine command) {
        return Stream.concat(
                Stream.of(command), command.getSubcommands().values().stream().flatMap(NativeCliTest::commands));
    }
}
