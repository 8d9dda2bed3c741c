package io.lakeshare.sharing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.Bearer;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DiskLru;
import io.lakeshare.tables.FileSpool;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableSnapshot;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Answers that list every file of a snapshot, from lines rendered once per snapshot and response
 * shape: a snapshot never changes, so neither do its lines but for their URLs and expiry. The first
 * such answer renders each line with Jackson, keeps it on local disk (in the spool's directory and
 * budget) as a {@link LineTemplate} and serves it from that template; later answers read the
 * templates back in scan order and only sign. Both cost a fraction of planning the scan again and
 * serializing every line.
 */
@ApplicationScoped
public class RenderedLines {

    private static final Logger LOG = Logger.getLogger(RenderedLines.class);

    private final DiskLru disk;
    private final ObjectMapper mapper;
    private final DataUrls urls;
    private final LineTemplate.Placeholders placeholders = new LineTemplate.Placeholders(new SecureRandom());

    /**
     * How long an answer waits for the lines another answer is rendering before it renders them too:
     * well inside {@code quarkus.http.idle-timeout} (60 s), which would close a connection that has
     * been sent nothing for that long.
     */
    static final Duration RENDERING_WAIT = Duration.ofSeconds(30);

    /** One answer renders the lines of a file at a time; the others replay them. */
    private final FirstDoesTheWork<Path> firstRenders = new FirstDoesTheWork<>(RENDERING_WAIT);

    /** Batches of about 256 KiB: a few hundred lines, each batch one write to the response. */
    private final TemplateReplay replays = new TemplateReplay(TemplateReplay.defaultSignerThreads(), 1 << 18);

    @Inject
    public RenderedLines(TablesConfig config, ObjectMapper mapper, DataUrls urls) {
        this.disk = new DiskLru(config.spoolDir(), config.spoolBytes());
        this.mapper = mapper;
        this.urls = urls;
    }

    /** A rendered line's size on disk, about: a file line with statistics and its record's header. */
    private static final long BYTES_PER_FILE = 512;

    /**
     * Whether the templates of a snapshot of {@code files} files are worth rendering: the spool's
     * budget is theirs too, and templates that would not fit in it would be evicted as soon as kept,
     * leaving every answer to pay for rendering them.
     */
    public boolean keeps(long files) {
        return disk.enabled() && files * BYTES_PER_FILE <= disk.maxBytes();
    }

    /**
     * Writes the line of every file of {@code snapshot} as {@code head} shapes them, the files
     * coming from {@code files} unless templates for them are kept; {@code version} and {@code
     * timestamp} are set on time-travel answers. Returns how many lines it wrote.
     */
    long writeAll(
            String root,
            TableSnapshot snapshot,
            QueryHead head,
            Long version,
            Long timestamp,
            Consumer<FileSpool.Visitor> files,
            LineSink lines) {
        Path kept = disk.dir().resolve(name(root, snapshot, head.lineVariant() + (version == null ? "" : "/as-of")));
        Fill fill = new Fill(head.expiry(), head.bearer(), head.urlHolder());
        try {
            // The answers that arrive while the first renders wait for its lines rather than each
            // scanning the snapshot: a scan holds tens of MiB, and sixteen recipients at a new
            // snapshot at once would otherwise exhaust the heap.
            return firstRenders.run(
                    kept,
                    () -> Files.isRegularFile(kept),
                    // Seconds of waiting lie ahead: the protocol and metadata lines go out first (not
                    // before rendering itself, where a failure can still be answered as an error).
                    lines::flush,
                    () -> renderAndKeep(kept, head, version, timestamp, files, fill, lines),
                    () -> {
                        touch(kept);
                        return replays.replay(kept, fill, lines);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the rendered lines in " + disk.dir(), e);
        }
    }

    @PreDestroy
    void close() {
        replays.close();
    }

    /** Marks a use, for eviction; a disk that cannot note it (read-only) can still be read. */
    private void touch(Path kept) {
        try {
            disk.touch(kept);
        } catch (IOException e) {
            LOG.debugf("Cannot note the use of %s: %s", kept, e);
        }
    }

    /**
     * The first answer of its kind: each line rendered with placeholders, kept as a template and
     * served from it. A line whose template cannot be made (a placeholder found twice) is served the
     * usual way, and then none are kept; nor are they when the answer stops early.
     */
    private long renderAndKeep(
            Path kept,
            QueryHead head,
            Long version,
            Long timestamp,
            Consumer<FileSpool.Visitor> files,
            Fill fill,
            LineSink lines)
            throws IOException {
        Keeper keeper = Keeper.open(disk, kept);
        MessageDigest digest = head.digest();
        LineTemplate.Buffer line = new LineTemplate.Buffer();
        long[] count = {0};
        try {
            files.accept((position, file) -> {
                byte[] record = keeper.keeping() ? template(file, head, digest, version, timestamp) : null;
                if (record == null) {
                    if (keeper.keeping()) {
                        keeper.drop("a line holds a rendering placeholder", null);
                    }
                    lines.line(head.file(file, digest, version, timestamp));
                } else {
                    keeper.write(record);
                    LineTemplate.render(record, 0, fill, line);
                    lines.rendered(line.bytes, 0, line.length);
                }
                count[0]++;
                return true;
            });
        } catch (RuntimeException e) {
            keeper.drop(null, null);
            throw e;
        }
        keeper.finish();
        return count[0];
    }

    /**
     * The local file an answer's templates go to. Local disk is an optimisation, never a condition:
     * when it cannot be written (full, read-only) the answer goes on and nothing is kept.
     */
    private static final class Keeper {
        private final DiskLru disk;
        private final Path kept;
        private Path partial;
        private OutputStream out;

        private Keeper(DiskLru disk, Path kept) {
            this.disk = disk;
            this.kept = kept;
        }

        static Keeper open(DiskLru disk, Path kept) {
            Keeper keeper = new Keeper(disk, kept);
            try {
                keeper.partial = disk.temporary(".lines");
                keeper.out = new BufferedOutputStream(Files.newOutputStream(keeper.partial), 1 << 16);
            } catch (IOException e) {
                keeper.drop("the spool cannot be written", e);
            }
            return keeper;
        }

        boolean keeping() {
            return out != null;
        }

        void write(byte[] record) {
            try {
                out.write(record);
            } catch (IOException e) {
                drop("the spool cannot be written", e);
            }
        }

        /** Stops keeping; {@code why} is logged when set. */
        void drop(String why, IOException e) {
            if (why != null) {
                LOG.debugf("The lines of %s are not kept: %s (%s)", kept, why, e == null ? "" : e.toString());
            }
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // The partial file goes either way.
            }
            out = null;
            try {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException ignored) {
                // Left as a temporary file, which the spool neither counts nor serves.
            }
            partial = null;
        }

        void finish() {
            if (out == null) {
                return;
            }
            try {
                out.close();
                out = null;
                Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                partial = null;
                disk.evict();
            } catch (IOException e) {
                drop("the spool cannot be written", e);
            }
        }
    }

    private byte[] template(DataFile file, QueryHead head, MessageDigest digest, Long version, Long timestamp) {
        return template(mapper, placeholders, head.shape(), file, digest, version, timestamp);
    }

    /** The template record of {@code file}'s line in {@code shape}; null when the line cannot have one. */
    static byte[] template(
            ObjectMapper mapper,
            LineTemplate.Placeholders placeholders,
            SnapshotLines shape,
            DataFile file,
            MessageDigest digest,
            Long version,
            Long timestamp) {
        ObjectPath dv =
                file.deletionVector() == null ? null : file.deletionVector().object();
        SnapshotLines.Links links =
                FileLinks.links(file, digest, placeholders.url, dv == null ? null : placeholders.dvUrl);
        try {
            byte[] rendered =
                    mapper.writeValueAsBytes(shape.file(file, links, version, timestamp, placeholders.expiration));
            return LineTemplate.of(rendered, file.object(), dv, placeholders);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URLs and expiry of one answer, as the bytes that go into its lines. */
    private final class Fill implements LineTemplate.Fill {
        private final Instant expiry;
        private final String endpoint;
        private final String issuedTo;
        private final byte[] expiration;

        Fill(Instant expiry, Bearer bearer, String issuedTo) {
            this.expiry = expiry;
            this.endpoint = bearer.publicEndpoint();
            this.issuedTo = issuedTo;
            this.expiration = Long.toString(expiry.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] url(String bucket, String key) {
            return jsonStringContent(mapper, urls.url(bucket, key, expiry, endpoint, issuedTo));
        }

        @Override
        public byte[] expiration() {
            return expiration;
        }
    }

    /** The bytes Jackson writes between the quotes of {@code s}: URLs are plain ASCII but for odd endpoints. */
    static byte[] jsonStringContent(ObjectMapper mapper, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b < 0x20 || b == '"' || b == '\\') { // non-ASCII (negative) included
                try {
                    byte[] quoted = mapper.writeValueAsBytes(s);
                    return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return bytes;
    }

    /** Named by table, table id, version and the shape of the lines, like the spool's file lists. */
    private static String name(String root, TableSnapshot snapshot, String variant) {
        String identity = root + "@" + snapshot.metadata().id() + "@" + snapshot.version() + "@" + variant;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20) + ".lines";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
