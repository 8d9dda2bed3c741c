package io.lakeshare.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests agree with the server they deploy: ports, probe paths, shutdown timing,
 * routing and variable names are read from {@code application.properties} and the README, so that
 * changing one side without the other fails here rather than in a cluster. Plain files, no Quarkus.
 */
class ManifestsTest {

    private static final Path MANIFESTS = Path.of("kubernetes");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path README = Path.of("README.md");
    private static final String MANAGEMENT_SERVICE = "lakeshare-management";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Properties CONFIG = new Properties();
    private static final List<Manifest> ALL = new ArrayList<>();

    record Manifest(Path file, JsonNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }
    }

    @BeforeAll
    static void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(PROPERTIES)) {
            CONFIG.load(reader);
        }
        for (Path file : yamlFiles()) {
            List<JsonNode> documents;
            try (MappingIterator<JsonNode> values =
                    YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                documents = values.readAll();
            }
            documents.removeIf(document -> document == null || document.isMissingNode() || document.isNull());
            assertEquals(1, documents.size(), file + ": one object per file");
            ALL.add(new Manifest(file, documents.get(0)));
        }
    }

    @Test
    void everyManifestIsOneObjectWithApiVersionKindAndName() {
        assertFalse(ALL.isEmpty(), "no manifests in " + MANIFESTS.toAbsolutePath());
        for (Manifest manifest : ALL) {
            for (String field : List.of("apiVersion", "kind")) {
                assertFalse(manifest.object().path(field).asText().isBlank(), manifest.file() + ": " + field);
            }
            assertFalse(manifest.name().isBlank(), manifest.file() + ": metadata.name");
        }
    }

    @Test
    void kustomizationAppliesEveryManifestButTheExampleSecret() {
        Set<String> listed = new TreeSet<>();
        manifest("Kustomization").path("resources").forEach(resource -> listed.add(resource.asText()));
        Set<String> expected = new TreeSet<>();
        for (Manifest manifest : ALL) {
            String file = manifest.file().getFileName().toString();
            if (!manifest.kind().equals("Kustomization") && !file.endsWith(".example.yaml")) {
                expected.add(file);
            }
        }
        assertEquals(
                expected,
                listed,
                "a manifest missing from kustomization.yaml is never applied; "
                        + "an example Secret in it would overwrite the real one");
    }

    @Test
    void probesCallQuarkusHealthEndpointsOnTheManagementPort() {
        assertEquals(
                "true",
                property("quarkus.management.enabled", "false"),
                "the probes and metrics are on the management interface");
        JsonNode container = container();
        assertEquals(
                Integer.parseInt(property("quarkus.management.port", "9000")),
                containerPort(container, "management"),
                "container port named management");

        // With the management interface on, Quarkus serves health under its root path, not under
        // quarkus.http.non-application-root-path.
        String health = resolve(
                property("quarkus.management.root-path", "/q"),
                property("quarkus.smallrye-health.root-path", "health"));
        String started = property("quarkus.smallrye-health.startup-path", "started");
        String live = property("quarkus.smallrye-health.liveness-path", "live");
        String ready = property("quarkus.smallrye-health.readiness-path", "ready");
        assertProbe(container, "startupProbe", resolve(health, started));
        assertProbe(container, "livenessProbe", resolve(health, live));
        assertProbe(container, "readinessProbe", resolve(health, ready));
    }

    @Test
    void httpContainerPortIsQuarkusHttpPort() {
        assertEquals(Integer.parseInt(property("quarkus.http.port", "8080")), containerPort(container(), "http"));
    }

    @Test
    void servicesSelectThePodsAndOnlyTheManagementServiceReachesTheManagementPort() {
        JsonNode podLabels = manifest("Deployment")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels");
        String managementPort = property("quarkus.management.port", "9000");
        for (Manifest service : manifests("Service")) {
            service.object()
                    .path("spec")
                    .path("selector")
                    .properties()
                    .forEach(label -> assertEquals(
                            label.getValue(),
                            podLabels.path(label.getKey()),
                            service.file() + ": selector " + label.getKey() + " must match the pods"));
            for (JsonNode port : service.object().path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.path("port");
                boolean management =
                        target.asText().equals("management") || target.asText().equals(managementPort);
                if (management) {
                    assertEquals(
                            MANAGEMENT_SERVICE,
                            service.name(),
                            service.file() + ": the management port "
                                    + "(health, metrics) must not be reachable through the Ingress' Service");
                }
            }
        }
        JsonNode http = servicePort(named("Service", "lakeshare"), "http");
        assertEquals("http", http.path("targetPort").asText(), "Service lakeshare targets the container port by name");
    }

    @Test
    void ingressRoutesToTheHttpPortAndStreamsUnbuffered() {
        JsonNode ingress = manifest("Ingress");
        List<JsonNode> backends = new ArrayList<>();
        ingress.path("spec")
                .path("rules")
                .forEach(rule -> rule.path("http")
                        .path("paths")
                        .forEach(path -> backends.add(path.path("backend").path("service"))));
        assertFalse(backends.isEmpty(), "Ingress without paths");
        for (JsonNode backend : backends) {
            assertEquals("lakeshare", backend.path("name").asText());
            assertEquals("http", backend.path("port").path("name").asText());
        }
        servicePort(named("Service", "lakeshare"), "http"); // and that backend exists

        JsonNode annotations = ingress.path("metadata").path("annotations");
        assertEquals(
                "off",
                annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText(),
                "a buffering proxy holds NDJSON lines back");
        String readTimeout = annotations
                .path("nginx.ingress.kubernetes.io/proxy-read-timeout")
                .asText("0");
        assertTrue(
                Integer.parseInt(readTimeout) >= 600,
                "streams of large tables run for minutes; proxy-read-timeout is " + readTimeout);
    }

    @Test
    void publicEndpointIsTheIngressHost() {
        String host = manifest("Ingress")
                .path("spec")
                .path("rules")
                .path(0)
                .path("host")
                .asText();
        assertEquals(
                "https://" + host,
                configMapValue("LAKESHARE_PUBLIC_ENDPOINT"),
                "profiles freeze the public endpoint: it must be where the Ingress answers, over TLS");
    }

    @Test
    void gracePeriodOutlastsPreStopSleepAndShutdownTimeout() {
        JsonNode pod = podSpec();
        long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
        long preStopSleep = container()
                .path("lifecycle")
                .path("preStop")
                .path("sleep")
                .path("seconds")
                .asLong(0);
        Duration shutdown = duration(property("quarkus.shutdown.timeout", "0"));
        assertTrue(
                Duration.ofSeconds(grace)
                                .compareTo(Duration.ofSeconds(preStopSleep).plus(shutdown))
                        > 0,
                "terminationGracePeriodSeconds " + grace + " must exceed the preStop sleep (" + preStopSleep
                        + " s) plus quarkus.shutdown.timeout (" + shutdown + "), or streams are killed mid-way");
    }

    @Test
    void everyVariableIsDocumentedInTheReadmeOrQuarkus() throws IOException {
        String readme = Files.readString(README);
        List<String> names = new ArrayList<>();
        manifest("ConfigMap").path("data").fieldNames().forEachRemaining(names::add);
        manifest("Secret").path("stringData").fieldNames().forEachRemaining(names::add);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            assertTrue(name.matches("[A-Z][A-Z0-9_]*"), name + " is not an environment variable name");
            if (!name.startsWith("QUARKUS_") && !readme.contains("`" + name + "`")) {
                unknown.add(name);
            }
        }
        assertEquals(
                List.of(),
                unknown,
                "variables neither in the README's configuration table nor QUARKUS_ "
                        + "(a typo is silently ignored by the server)");
    }

    @Test
    void podRunsAsNonRootOnAReadOnlyRootFilesystem() {
        JsonNode pod = podSpec().path("securityContext");
        JsonNode container = container().path("securityContext");
        assertTrue(effective(container, pod, "runAsNonRoot").asBoolean(false), "runAsNonRoot");
        assertNotEquals(0, effective(container, pod, "runAsUser").asInt(-1), "runAsUser");
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem");
        assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertTrue(mountedVolume("/tmp").has("emptyDir"), "a read-only root needs /tmp as a volume");
    }

    @Test
    void dataDirIsAVolumeLargeEnoughForSpoolAndLogCache() {
        JsonNode volume = mountedVolume(configMapValue("LAKESHARE_DATA_DIR"));
        long limit = quantity(volume.path("emptyDir").path("sizeLimit").asText());
        long cached = Long.parseLong(configMapValue("LAKESHARE_TABLES_SPOOL_BYTES"))
                + Long.parseLong(configMapValue("LAKESHARE_TABLES_LOG_CACHE_BYTES"));
        assertTrue(
                cached < limit,
                "spool + log cache (" + cached + " bytes) must stay below the data volume's " + "sizeLimit (" + limit
                        + " bytes): past it the kubelet evicts the pod");
    }

    // --- Reading the manifests ---------------------------------------------------------------------

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    private static List<Manifest> manifests(String kind) {
        return ALL.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
    }

    private static JsonNode manifest(String kind) {
        List<Manifest> found = manifests(kind);
        assertEquals(1, found.size(), "one " + kind + " in " + MANIFESTS);
        return found.get(0).object();
    }

    private static JsonNode named(String kind, String name) {
        return manifests(kind).stream()
                .filter(manifest -> manifest.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name))
                .object();
    }

    private static JsonNode podSpec() {
        return manifest("Deployment").path("spec").path("template").path("spec");
    }

    private static JsonNode container() {
        for (JsonNode container : podSpec().path("containers")) {
            if (container.path("name").asText().equals("lakeshare")) {
                return container;
            }
        }
        return fail("no container named lakeshare in the Deployment");
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        return fail("no container port named " + name);
    }

    private static JsonNode servicePort(JsonNode service, String name) {
        for (JsonNode port : service.path("spec").path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port;
            }
        }
        return fail("Service " + service.path("metadata").path("name").asText() + " has no port named " + name);
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertTrue(get.isObject(), probe + " must be an httpGet");
        assertEquals("management", get.path("port").asText(), probe + " port, by name");
        assertEquals(path, get.path("path").asText(), probe + " path");
    }

    private static JsonNode mountedVolume(String mountPath) {
        String volume = null;
        for (JsonNode mount : container().path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath)) {
                volume = mount.path("name").asText();
            }
        }
        assertTrue(volume != null, "no volume mounted at " + mountPath);
        for (JsonNode candidate : podSpec().path("volumes")) {
            if (candidate.path("name").asText().equals(volume)) {
                return candidate;
            }
        }
        return fail("no volume named " + volume);
    }

    private static String configMapValue(String name) {
        JsonNode value = manifest("ConfigMap").path("data").path(name);
        assertTrue(value.isValueNode(), "ConfigMap has no " + name);
        return value.asText();
    }

    /** Kubernetes applies the pod's security context where the container's leaves a field unset. */
    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.get(field) : pod.path(field);
    }

    // --- Reading the configuration -----------------------------------------------------------------

    private static String property(String key, String defaultValue) {
        return CONFIG.getProperty(key, defaultValue).trim();
    }

    /** Quarkus' rule for endpoint paths: an absolute path stands alone, a relative one extends its base. */
    static String resolve(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String prefix = base.startsWith("/") ? base : "/" + base;
        return (prefix.endsWith("/") ? prefix : prefix + "/") + path;
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|[smhd])?", Pattern.CASE_INSENSITIVE);

    /** Quarkus durations: a number of seconds, a number with ms/s/m/h/d, or ISO-8601 ("PT30S"). */
    static Duration duration(String value) {
        Matcher simple = SIMPLE_DURATION.matcher(value.trim());
        if (!simple.matches()) {
            return Duration.parse(value.trim());
        }
        long amount = Long.parseLong(simple.group(1));
        String unit = simple.group(2) == null ? "s" : simple.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?");

    /** Kubernetes quantities, the integer forms the manifests use. */
    static long quantity(String value) {
        Matcher matcher = QUANTITY.matcher(value.trim());
        assertTrue(matcher.matches(), "unsupported quantity: '" + value + "'");
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        return amount
                * switch (unit) {
                    case "Ki" -> 1L << 10;
                    case "Mi" -> 1L << 20;
                    case "Gi" -> 1L << 30;
                    case "Ti" -> 1L << 40;
                    case "k" -> 1_000L;
                    case "M" -> 1_000_000L;
                    case "G" -> 1_000_000_000L;
                    case "T" -> 1_000_000_000_000L;
                    default -> 1L;
                };
    }
}
