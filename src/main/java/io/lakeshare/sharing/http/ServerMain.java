package io.lakeshare.sharing.http;

import io.lakeshare.cli.LakeshareCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The server's entry point. Quarkus checks each request's URI itself and answers one that does not
 * parse with an empty 400, before any route; {@link RequestLimits} makes the same check and answers
 * in the protocol's error body, so Quarkus' is switched off here, before Quarkus starts (it reads
 * the property once). The build sets it for the tests.
 *
 * <p>Given a command ({@code share list}, {@code --help}, …) the same executable is the owner's CLI
 * and Quarkus never starts: the native image has no JVM to run {@code lakeshare-cli.jar} with, so
 * its one binary is both ({@code application share list}).
 */
@QuarkusMain
public final class ServerMain {

    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

    private ServerMain() {}

    public static void main(String... args) {
        if (LakeshareCli.isCommandLine(args)) {
            System.exit(LakeshareCli.execute(args));
        }
        System.setProperty(DISABLE_URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
