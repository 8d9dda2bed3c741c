package io.lakeshare.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line split into positional words and {@code --options}; options may come anywhere. */
record Args(List<String> positional, Map<String, List<String>> options, boolean json, boolean help, String server) {

    private static final Set<String> VALUED = Set.of(
            "server",
            "description",
            "add",
            "remove",
            "expires",
            "history",
            "access",
            "partition",
            "property",
            "remove-property",
            "allow-ip",
            "remove-ip",
            "recipient",
            "oidc",
            "grace");

    /** Options that take no value: present or not. */
    private static final Set<String> FLAGS = Set.of("oauth", "activation-link");

    static Args parse(String[] argv) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        boolean json = false;
        boolean help = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (a.startsWith("--") && FLAGS.contains(a.substring(2))) {
                options.computeIfAbsent(a.substring(2), k -> new ArrayList<>()).add("true");
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < argv.length) {
                    value = argv[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                if (!VALUED.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                positional.add(a);
            }
        }
        List<String> server = options.remove("server");
        return new Args(positional, options, json, help, server == null ? null : server.get(server.size() - 1));
    }

    /** The command: the first two words, e.g. {@code share create}. */
    String command() {
        return String.join(" ", positional.subList(0, Math.min(2, positional.size())));
    }

    String arg(int index) {
        return positional.get(index);
    }

    String option(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    void expectExactly(int words, String usage) {
        if (positional.size() != words) {
            throw new UsageException("usage: lakeshare " + usage);
        }
    }

    void expectAtLeast(int words, String usage) {
        if (positional.size() < words) {
            throw new UsageException("usage: lakeshare " + usage);
        }
    }
}
