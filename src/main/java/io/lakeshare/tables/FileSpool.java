package io.lakeshare.tables;

import io.lakeshare.config.TablesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The files of a snapshot written once to local disk, in scan order, with an index of where each
 * one starts, so that page n of a paged query starts reading at its own first file instead of
 * walking past the files of every page before it. Snapshots never change, so neither does a spool;
 * spools are bounded in bytes, least recently used first out.
 */
@ApplicationScoped
public class FileSpool {

    private static final Logger LOG = Logger.getLogger(FileSpool.class);

    private final DiskLru disk;

    @Inject
    public FileSpool(TablesConfig config) {
        this.disk = new DiskLru(config.spoolDir(), config.spoolBytes());
    }

    /**
     * Calls {@code visitor} with each file of the snapshot from position {@code from} on, and its
     * position, until it returns false. {@code root} names the table, in its format, for the spool's
     * file name.
     */
    public void forEachFrom(String root, TableSnapshot snapshot, long from, Visitor visitor) {
        Path dir = disk.dir();
        String name = name(root, snapshot);
        Path data = dir.resolve(name + ".files");
        Path index = dir.resolve(name + ".index");
        try {
            if (!Files.isRegularFile(index)) {
                build(snapshot, dir, data, index);
            }
            disk.touch(index);
            read(data, index, from, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the file spool in " + dir, e);
        }
    }

    /**
     * Calls {@code visitor} with each file of the snapshot, from the spool when there is one;
     * otherwise from the snapshot itself while writing the spool alongside, kept only if the scan
     * ran to its end. The first query streams at once; later ones read local disk instead of
     * planning again.
     */
    public void forEach(String root, TableSnapshot snapshot, Visitor visitor) {
        Path dir = disk.dir();
        String name = name(root, snapshot);
        Path data = dir.resolve(name + ".files");
        Path index = dir.resolve(name + ".index");
        try {
            if (Files.isRegularFile(index)) {
                disk.touch(index);
                read(data, index, 0, visitor);
                return;
            }
            long[] position = {0};
            boolean complete = write(snapshot, dir, data, index, file -> visitor.visit(position[0]++, file));
            if (!complete) {
                LOG.debugf("Scan of %s stopped early; its file list is not kept", root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the file spool in " + dir, e);
        }
    }

    /** A file and its position in the snapshot's scan; return false to stop. */
    public interface Visitor {
        boolean visit(long position, DataFile file);
    }

    private void build(TableSnapshot snapshot, Path dir, Path data, Path index) throws IOException {
        write(snapshot, dir, data, index, file -> true);
    }

    /**
     * Writes the snapshot's files to the spool, showing each to {@code tee} on the way; the spool is
     * kept only when the scan ran to its end. Returns whether it did.
     */
    private boolean write(TableSnapshot snapshot, Path dir, Path data, Path index, Predicate<DataFile> tee)
            throws IOException {
        boolean[] complete = {true};
        Path dataTmp = disk.temporary(".files");
        Path indexTmp = disk.temporary(".index");
        try (BufferedOutputStream out = new BufferedOutputStream(Files.newOutputStream(dataTmp), 1 << 16);
                DataOutputStream offsets =
                        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(indexTmp), 1 << 16))) {
            java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream(1024);
            DataOutputStream fields = new DataOutputStream(record);
            long[] position = {0};
            snapshot.forEachFile(file -> {
                try {
                    record.reset();
                    write(fields, file);
                    offsets.writeLong(position[0]);
                    record.writeTo(out);
                    position[0] += record.size();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                complete[0] = tee.test(file);
                return complete[0];
            });
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(dataTmp);
            Files.deleteIfExists(indexTmp);
            throw e;
        }
        if (!complete[0]) {
            Files.deleteIfExists(dataTmp);
            Files.deleteIfExists(indexTmp);
            return false;
        }
        Files.move(dataTmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The index goes last: its presence says the spool is complete.
        Files.move(indexTmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        disk.evict();
        return true;
    }

    private static void read(Path data, Path index, long from, Visitor visitor) throws IOException {
        long start;
        try (RandomAccessFile offsets = new RandomAccessFile(index.toFile(), "r")) {
            if (from * 8 >= offsets.length()) {
                return;
            }
            offsets.seek(from * 8);
            start = offsets.readLong();
        }
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "r")) {
            file.seek(start);
            DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Channels.newInputStream(file.getChannel()), 1 << 16));
            for (long position = from; ; position++) {
                DataFile f;
                try {
                    f = read(in);
                } catch (EOFException end) {
                    return;
                }
                if (!visitor.visit(position, f)) {
                    return;
                }
            }
        }
    }

    private static void write(DataOutputStream out, DataFile f) throws IOException {
        string(out, f.logPath());
        string(out, f.object().bucket());
        string(out, f.object().key());
        out.writeInt(f.partitionValues().size());
        for (Map.Entry<String, String> e : f.partitionValues().entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
        out.writeLong(f.size());
        out.writeLong(f.modificationTime());
        string(out, f.stats());
        DeletionVector dv = f.deletionVector();
        out.writeBoolean(dv != null);
        if (dv != null) {
            string(out, dv.storageType());
            string(out, dv.pathOrInlineDv());
            out.writeInt(dv.offset() == null ? -1 : dv.offset());
            out.writeInt(dv.sizeInBytes());
            out.writeLong(dv.cardinality());
            string(out, dv.object() == null ? null : dv.object().bucket());
            string(out, dv.object() == null ? null : dv.object().key());
        }
        out.flush();
    }

    private static DataFile read(DataInputStream in) throws IOException {
        String logPath = string(in);
        ObjectPath object = new ObjectPath(string(in), string(in));
        int n = in.readInt();
        Map<String, String> partitions = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            partitions.put(string(in), string(in));
        }
        long size = in.readLong();
        long modified = in.readLong();
        String stats = string(in);
        DeletionVector dv = null;
        if (in.readBoolean()) {
            String type = string(in);
            String pathOrInline = string(in);
            int offset = in.readInt();
            int dvSize = in.readInt();
            long cardinality = in.readLong();
            String bucket = string(in);
            String key = string(in);
            dv = new DeletionVector(
                    type,
                    pathOrInline,
                    offset < 0 ? null : offset,
                    dvSize,
                    cardinality,
                    bucket == null ? null : new ObjectPath(bucket, key));
        }
        return new DataFile(logPath, object, partitions, size, modified, stats, dv);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A snapshot's file list is immutable and named by its table, version and the table's id: a table
     * created again at the same place counts its versions anew under another id.
     */
    private static String name(String root, TableSnapshot snapshot) {
        String identity = root + "@" + snapshot.metadata().id() + "@" + snapshot.version();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
