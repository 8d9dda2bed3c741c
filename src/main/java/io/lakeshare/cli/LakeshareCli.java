package io.lakeshare.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code lakeshare}: the owner's command line, a front over the admin API. It never opens the
 * database; everything goes through the server, so it works the same against a remote one, from a
 * checkout ({@code ./lakeshare}), the container images, or its own jar ({@code lakeshare-cli.jar}).
 * The server's executable is the CLI too when given a command (see {@code ServerMain}), which is how
 * the native image, which has no JVM for the jar, carries it.
 */
@Command(
        name = "lakeshare",
        // --help (and --version) on every command below too.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = LakeshareCli.Version.class,
        description = "Manage a Lakeshare server's shares, recipients and tokens through its admin API.",
        footer = {
            "",
            "The server is --server or LAKESHARE_SERVER (default " + AdminClient.DEFAULT_SERVER + "); the admin"
                    + " credential LAKESHARE_ADMIN_TOKEN, or the admin-token file a local server wrote in"
                    + " LAKESHARE_DATA_DIR.",
            "Shell completion: source <(lakeshare completion)"
        },
        subcommands = {ShareCommands.class, RecipientCommands.class, TokenCommands.class, LakeshareCli.Completion.class
        })
public final class LakeshareCli implements Callable<Integer> {

    @Option(
            names = "--server",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description =
                    "The server's admin URL (default: LAKESHARE_SERVER, else " + AdminClient.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the server's answer as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final BiFunction<String, Map<String, String>, AdminCall> connector;

    LakeshareCli(
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            BiFunction<String, Map<String, String>, AdminCall> connector) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.connector = connector;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** One command line against the server the environment names; the exit code, as {@link #run}. */
    public static int execute(String... args) {
        return new LakeshareCli(System.out, System.err, System.getenv(), AdminClient::fromEnvironment).run(args);
    }

    /**
     * Whether a process's arguments are an owner's command line rather than a server start: the
     * server takes none of its own (only the JVM's {@code -D}/{@code -X} options, where a native
     * executable passes them on), so any other argument is a command, {@code --help} included.
     */
    public static boolean isCommandLine(String... args) {
        return args.length > 0 && !args[0].startsWith("-D") && !args[0].startsWith("-X");
    }

    /** Runs one command line: 0 done, 1 refused or failed, 2 the command line itself is wrong. */
    int run(String... argv) {
        CommandLine cli = new CommandLine(this)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, args) -> {
                    err.println("lakeshare: " + e.getMessage() + " (see "
                            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
                    return CommandLine.ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof UsageException) {
                        err.println("lakeshare: " + e.getMessage() + " (see lakeshare --help)");
                        return CommandLine.ExitCode.USAGE;
                    }
                    err.println("lakeshare: " + (e instanceof CliException ? e.getMessage() : e.toString()));
                    return CommandLine.ExitCode.SOFTWARE;
                });
        // A group named without its command (lakeshare share) shows what it has, as a usage error.
        for (CommandLine group : cli.getSubcommands().values()) {
            if (!group.getSubcommands().isEmpty()) {
                group.setExecutionStrategy(parsed -> {
                    if (parsed.subcommand() == null && !parsed.isUsageHelpRequested()) {
                        group.usage(err);
                        return CommandLine.ExitCode.USAGE;
                    }
                    return new CommandLine.RunLast().execute(parsed);
                });
            }
        }
        return cli.execute(argv);
    }

    /** Just {@code lakeshare}: what it can do, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    AdminCall connect() {
        return connector.apply(server, env);
    }

    void print(String command, JsonNode result) throws JsonProcessingException {
        if (json) {
            out.println(AdminCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } else {
            new HumanOutput(out).print(command, result);
        }
    }

    /** {@code lakeshare completion}: the bash (and zsh) completion script for every command and option. */
    @Command(name = "completion", description = "Print the shell completion script: source <(lakeshare completion)")
    static final class Completion implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine()
                    .getOut()
                    .print(AutoComplete.bash("lakeshare", spec.root().commandLine()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The version in the jar's manifest, when it was built into one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LakeshareCli.class.getPackage().getImplementationVersion();
            return new String[] {"lakeshare " + (version == null ? "(development build)" : version)};
        }
    }
}
