package io.lakeshare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line as the owner types it: each command becomes one admin API call, options come in
 * any order, every command has --help, and mistakes are one line and exit 2 before anything is sent.
 */
class LakeshareCliTest {

    private record Call(String server, String method, String path, String body) {}

    private final List<Call> calls = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private LakeshareCli cli(AdminCall admin) {
        return new LakeshareCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                (server, env) -> (method, path, body) -> {
                    calls.add(new Call(server, method, path, body == null ? null : body.toString()));
                    return admin.send(method, path, body);
                });
    }

    private int run(String... argv) {
        return cli((method, path, body) -> AdminCommand.object().put("answered", true))
                .run(argv);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void optionsMayComeAnywhereAndRepeat() {
        assertEquals(
                0,
                run(
                        "--json",
                        "share",
                        "update",
                        "sales",
                        "--add",
                        "s:a:delta:b1:a/",
                        "--add=s:b:delta:b1:b/",
                        "--remove",
                        "s/x,s/y",
                        "--server",
                        "http://h:1"));
        Call call = calls.get(0);
        assertEquals("http://h:1", call.server());
        assertEquals("PATCH", call.method());
        assertEquals("/shares/sales", call.path());
        assertEquals(
                "{\"description\":null,\"add\":[\"s:a:delta:b1:a/\",\"s:b:delta:b1:b/\"],\"remove\":[\"s/x\",\"s/y\"],"
                        + "\"history\":[],\"access\":[],\"partition\":[]}",
                call.body());
        assertTrue(out().contains("\"answered\" : true"), "--json before the command prints JSON: " + out());
    }

    @Test
    void theServerAndJsonOptionsWorkAfterTheCommandToo() {
        assertEquals(0, run("token", "create", "sales", "--expires", "90d", "--server", "http://h:2", "--json"));
        assertEquals(
                new Call(
                        "http://h:2",
                        "POST",
                        "/tokens",
                        "{\"share\":\"sales\",\"expiresIn\":\"90d\",\"description\":null}"),
                calls.get(0));
        assertTrue(out().contains("\"answered\""));
    }

    @Test
    void namesArePercentEncodedIntoTheirPathSegment() {
        assertEquals(0, run("recipient", "usage", "a b/c"));
        assertEquals("/recipients/a%20b%2Fc/usage", calls.get(0).path());
    }

    @Test
    void recipientPropertiesAndNetworksBecomeTheBody() {
        assertEquals(
                0,
                run(
                        "recipient",
                        "create",
                        "acme",
                        "--property",
                        "country=nl",
                        "--property",
                        "q=a=b",
                        "--allow-ip",
                        "10.0.0.0/8"));
        assertEquals(
                "{\"name\":\"acme\",\"description\":null,\"properties\":{\"country\":\"nl\",\"q\":\"a=b\"},"
                        + "\"allowedNetworks\":[\"10.0.0.0/8\"]}",
                calls.get(0).body());
    }

    @Test
    void everyCommandHasHelp() {
        String[][] commands = {
            {"share", "create"}, {"share", "update"}, {"share", "info"}, {"share", "list"},
            {"share", "remove"}, {"share", "grant"}, {"share", "revoke"}, {"recipient", "create"},
            {"recipient", "update"}, {"recipient", "info"}, {"recipient", "usage"}, {"recipient", "list"},
            {"recipient", "remove"}, {"token", "create"}, {"token", "list"}, {"token", "rotate"},
            {"token", "remove"}, {"completion"}
        };
        for (String[] command : commands) {
            out.reset();
            String[] argv = Arrays.copyOf(command, command.length + 1);
            argv[command.length] = "--help";
            assertEquals(0, run(argv), String.join(" ", command));
            assertTrue(out().startsWith("Usage: lakeshare " + String.join(" ", command)), out());
        }
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(out().contains("share") && out().contains("recipient") && out().contains("token"), out());
        assertTrue(calls.isEmpty(), "help sends nothing");
    }

    @Test
    void mistakesAreOneLineAndExitTwoWithNothingSent() {
        assertEquals(2, run("share", "list", "--colour", "red"));
        assertTrue(err().startsWith("lakeshare: Unknown option") && err().contains("--colour"), err());
        err.reset();
        assertEquals(2, run("token", "create", "s", "--expires"));
        assertEquals(1, err().strip().lines().count(), err());
        err.reset();
        assertEquals(2, run("token", "create"));
        assertTrue(err().contains("usage: lakeshare token create SHARE"), err());
        err.reset();
        assertEquals(2, run("share", "update", "sales"));
        assertTrue(err().contains("share update needs --add"), err());
        err.reset();
        assertEquals(2, run("recipient", "create", "acme", "--property", "novalue"));
        assertTrue(err().contains("--property takes KEY=VALUE"), err());
        assertEquals(2, run("share"), "a group alone shows its commands");
        assertEquals(2, run(), "no command shows what there is");
        assertTrue(calls.isEmpty());
    }

    @Test
    void theServersRefusalIsOneLineAndExitOne() {
        int exit = cli((method, path, body) -> {
                    throw new CliException("Share 'nope' does not exist (RESOURCE_DOES_NOT_EXIST, HTTP 404)");
                })
                .run("share", "info", "nope");
        assertEquals(1, exit);
        assertEquals("lakeshare: Share 'nope' does not exist (RESOURCE_DOES_NOT_EXIST, HTTP 404)", err().strip());
    }

    @Test
    void completionCoversTheCommandsAndTheirOptions() {
        assertEquals(0, run("completion"));
        String script = out();
        assertTrue(script.contains("complete -F"), "a bash completion function");
        assertTrue(
                script.contains("usage") && script.contains("--activation-link") && script.contains("--partition"),
                "every command and option");
    }

    @Test
    void anOidcBindingNamesTheIssuerAndTheSubjectTheSubjectMayHoldEqualSigns() {
        assertEquals(
                0, run("token", "create", "--recipient", "acme", "--oidc", "partner=svc=reader", "--expires", "30d"));
        Call call = calls.get(0);
        assertEquals("POST", call.method());
        assertEquals("/tokens", call.path());
        assertEquals(
                "{\"recipient\":\"acme\",\"oidc\":{\"issuer\":\"partner\",\"subject\":\"svc=reader\"},"
                        + "\"expiresIn\":\"30d\",\"description\":null}",
                call.body());
        assertEquals(2, run("token", "create", "--recipient", "acme", "--oidc", "partner"));
        assertEquals(2, run("token", "create", "--recipient", "acme", "--oidc", "=subject"));
        assertEquals(1, calls.size(), "nothing is sent for a wrong --oidc");
        assertTrue(err().contains("ISSUER=SUBJECT"), err());
    }
}
