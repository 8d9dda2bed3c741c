package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * What the libraries log (Delta Kernel, Parquet and Hadoop through SLF4J, others through Log4j's API
 * or commons-logging) goes through Quarkus' one backend, so its handlers, levels and redaction
 * filter apply to it as to our own lines.
 */
@QuarkusTest
class LibraryLoggingTest {

    private static final Path LOG = Path.of("target/test-logs/quarkus-test.log");

    @Test
    void slf4jHasOneProviderAndItIsJBossLogManager() {
        List<String> providers = StreamSupport.stream(
                        ServiceLoader.load(SLF4JServiceProvider.class).spliterator(), false)
                .map(provider -> provider.getClass().getName())
                .toList();
        assertEquals(List.of("org.slf4j.impl.JBossSlf4jServiceProvider"), providers);
    }

    @Test
    void log4jsApiAndCommonsLoggingLogThroughJBossLogManager() {
        String log4j =
                org.apache.logging.log4j.LogManager.getFactory().getClass().getName();
        assertTrue(log4j.startsWith("org.jboss.logmanager"), log4j);
        String commons = org.apache.commons.logging.LogFactory.getLog("org.apache.hadoop.test")
                .getClass()
                .getName();
        assertTrue(commons.startsWith("org.apache.commons.logging.impl") || commons.contains("jboss"), commons);
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.logging.log4j.core.Logger"));
    }

    @Test
    void aLibrarysSlf4jLineIsWrittenThroughTheRedactionFilter() throws Exception {
        String marker = "library-line-" + UUID.randomUUID();
        LoggerFactory.getLogger("io.delta.kernel.defaults.test")
                .warn(
                        "{} reading\r\nforged s3://b/k?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=0a1b2c3d4e5f",
                        marker);

        String line = writtenLine(marker);
        assertTrue(line.contains("WARN  [io.del.ker.def.test]"), "Quarkus' file format: " + line);
        assertTrue(line.contains("X-Amz-Signature=<redacted>"), line);
        assertFalse(line.contains("0a1b2c3d4e5f") || line.contains("AKIAEXAMPLE"), line);
        assertTrue(line.contains("\\r\\nforged"), "the line break is escaped: " + line);
    }

    /** The handler writes synchronously; the file is read until the line is there or it is clearly not. */
    private static String writtenLine(String marker) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            if (Files.exists(LOG)) {
                for (String line : Files.readAllLines(LOG)) {
                    if (line.contains(marker)) {
                        return line;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the library's line was never written to " + LOG);
    }
}
