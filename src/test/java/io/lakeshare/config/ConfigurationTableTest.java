package io.lakeshare.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the owner's reference: every {@code lakeshare.*} key of
 * every {@code @ConfigMapping} is in it with its default, and it names no key that does not exist.
 */
class ConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(lakeshare\\.[^`]+)` \\|[^|]*\\|([^|]*)\\|");

    /** Map keys are written {@code "<bucket>"}, {@code "<warehouse>"}...: any placeholder is one. */
    private static String normalised(String key) {
        return key.replaceAll("\"<[^>]+>\"", "\"<name>\"");
    }

    @Test
    void everyKeyIsInTheTableWithItsDefaultAndTheTableHasNoOthers() throws IOException {
        Map<String, Optional<String>> mapped = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lakeshare")) {
            if (c.isAnnotatedWith(ConfigMapping.class)) {
                Class<?> mapping = c.reflect();
                keys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, mapped);
            }
        }
        assertTrue(mapped.size() > 40, "the mappings were found: " + mapped.keySet());

        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.put(normalised(m.group(1)), m.group(2).strip());
            }
        }
        TreeSet<String> undocumented = new TreeSet<>(mapped.keySet());
        undocumented.removeAll(documented.keySet());
        TreeSet<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(mapped.keySet());
        assertEquals(List.of(), new ArrayList<>(undocumented), "keys missing from README's configuration table");
        assertEquals(List.of(), new ArrayList<>(unknown), "keys in README's configuration table that no mapping has");
        List<String> wrongDefaults = new ArrayList<>();
        mapped.forEach((key, value) -> value.ifPresent(d -> {
            String shown = "`" + d.replace("${lakeshare.data-dir}", "<data-dir>") + "`";
            if (!documented.get(key).contains(shown)) {
                wrongDefaults.add(key + ": README says " + documented.get(key) + ", the default is " + shown);
            }
        }));
        assertTrue(wrongDefaults.isEmpty(), String.join("\n", wrongDefaults));
    }

    /** The keys of a mapping interface under {@code prefix}, with their defaults; groups and maps recursed into. */
    private static void keys(String prefix, Class<?> mapping, Map<String, Optional<String>> keys) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() != 0
                    || method.isDefault()
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = method.isAnnotationPresent(WithName.class)
                    ? method.getAnnotation(WithName.class).value()
                    : kebab(method.getName());
            String key = prefix + "." + name;
            Type type = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (raw == Map.class) {
                Type values = ((ParameterizedType) type).getActualTypeArguments()[1];
                keys(key + ".\"<name>\"", (Class<?>) values, keys);
            } else if (isGroup(raw)) {
                keys(key, raw, keys);
            } else {
                WithDefault d = method.getAnnotation(WithDefault.class);
                keys.put(key, Optional.ofNullable(d).map(WithDefault::value));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("io.lakeshare.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
