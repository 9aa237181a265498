package dev.otto.flows.io;

import dev.otto.autodiff.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensors in the safetensors format, so that Python ({@code safetensors.numpy.load_file},
 * {@code safetensors.torch.load_file}) reads Otto's models (DESIGN.md, io).
 *
 * <p>Layout: 8 bytes little-endian unsigned header length N; N bytes of UTF-8 JSON
 * <pre>{"__metadata__": {"otto.format": "1", ...}, "w": {"dtype": "F64", "shape": [r, c], "data_offsets": [b, e]}, ...}</pre>
 * padded with spaces to a multiple of 8 (so the data are 8-byte aligned); then the data buffer, each
 * tensor's entries row-major, little-endian, at [b, e) of the buffer. The buffer is fully covered
 * with neither holes nor overlaps.
 *
 * <p>Writing: always F64, shape [rows, cols], tensors in the map's iteration order, metadata plus
 * {@value #FORMAT_KEY} = {@value #FORMAT_VERSION}; atomically ({@link AtomicFiles}). Reading accepts
 * F64 and F32 (widened exactly), rank 0 (as 1 x 1), rank 1 of length n (as an n x 1 column: a
 * batch of n values) and rank 2; files without {@value #FORMAT_KEY} (written by Python) are
 * accepted, files with another version are refused. Every defect raises a
 * {@link CorruptFileException} naming the file and the problem.
 */
public final class SafeTensors {

    /** The metadata key holding the Otto file-format version. */
    public static final String FORMAT_KEY = "otto.format";
    /** The version this class writes and reads. */
    public static final String FORMAT_VERSION = "1";
    /** The reserved header key for string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The safetensors reference implementation's limit on the header size (100 MB). */
    private static final long MAX_HEADER = 100_000_000L;

    private SafeTensors() {
    }

    /**
     * The tensors and metadata of a file.
     *
     * @param tensors the tensors in file order (unmodifiable)
     * @param metadata the string metadata, including {@value #FORMAT_KEY} when present (unmodifiable)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Wraps the maps unmodifiably. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /**
         * The tensor called {@code name}.
         *
         * @throws IllegalArgumentException naming the missing tensor and the ones present
         */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("name: expected one of " + tensors.keySet() + ", got \"" + name + "\"");
            }
            return t;
        }
    }

    /** Writes the tensors and metadata to {@code file} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path, got null");
        }
        AtomicFiles.write(file, ByteBuffer.wrap(encode(tensors, metadata)));
    }

    /** The bytes {@link #write} puts in a file. */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null) {
            throw new IllegalArgumentException("tensors: expected a map, got null");
        }
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            arrays.put(e.getKey(), t == null ? null : new Npy.Array(new int[] {t.rows(), t.cols()}, t.toArray()));
        }
        return encodeArrays(arrays, metadata);
    }

    /**
     * Writes arrays of any rank (F64, their own shapes) atomically: for layouts other programs
     * expect, such as PyTorch's 1-D biases.
     */
    public static void writeArrays(Path file, Map<String, Npy.Array> arrays, Map<String, String> metadata)
            throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path, got null");
        }
        AtomicFiles.write(file, ByteBuffer.wrap(encodeArrays(arrays, metadata)));
    }

    /** The bytes of a safetensors file holding {@code arrays} (F64, each with its own shape). */
    public static byte[] encodeArrays(Map<String, Npy.Array> tensors, Map<String, String> metadata) {
        if (tensors == null) {
            throw new IllegalArgumentException("tensors: expected a map, got null");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT_VERSION);
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("metadata: expected non-null keys and values, got " + e.getKey()
                            + " = " + e.getValue());
                }
                if (e.getKey().equals(FORMAT_KEY) && !e.getValue().equals(FORMAT_VERSION)) {
                    throw new IllegalArgumentException("metadata: key " + FORMAT_KEY + " is reserved for the format version "
                            + FORMAT_VERSION + ", got \"" + e.getValue() + "\"");
                }
                meta.put(e.getKey(), e.getValue());
            }
        }
        StringBuilder h = new StringBuilder("{");
        Json.writeString(h, METADATA_KEY);
        h.append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            h.append(first ? "" : ",");
            first = false;
            Json.writeString(h, e.getKey());
            h.append(':');
            Json.writeString(h, e.getValue());
        }
        h.append('}');
        long offset = 0;
        for (Map.Entry<String, Npy.Array> e : tensors.entrySet()) {
            String name = e.getKey();
            Npy.Array t = e.getValue();
            if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("tensors: expected non-empty names other than " + METADATA_KEY
                        + ", got " + (name == null ? "null" : "\"" + name + "\""));
            }
            if (t == null) {
                throw new IllegalArgumentException("tensors: tensor \"" + name + "\" is null");
            }
            int[] shape = t.shape();
            long bytes = 8L * t.data().length;
            h.append(',');
            Json.writeString(h, name);
            h.append(":{\"dtype\":\"F64\",\"shape\":[");
            for (int k = 0; k < shape.length; k++) {
                h.append(k == 0 ? "" : ",").append(shape[k]);
            }
            h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensors: expected at most 2 GB in total, got " + total + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(header);
        for (int i = header.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Npy.Array t : tensors.values()) {
            for (double v : t.data()) {
                out.putDouble(v);
            }
        }
        return out.array();
    }

    /** Reads a file written by {@link #write} or by Python's safetensors (F64 or F32, rank up to 2). */
    public static Contents read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path, got null");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes the bytes of a safetensors file; {@code source} names it in error messages. */
    public static Contents decode(byte[] bytes, String source) throws CorruptFileException {
        if (bytes.length < 8) {
            throw new CorruptFileException(source, "truncated: " + bytes.length
                    + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 2 || n > MAX_HEADER) {
            throw new CorruptFileException(source, "header length " + Long.toUnsignedString(n)
                    + " is not in [2, " + MAX_HEADER + "]: not a safetensors file");
        }
        if (n > bytes.length - 8L) {
            throw new CorruptFileException(source, "truncated: the header claims " + n + " bytes but only "
                    + (bytes.length - 8) + " follow the length field");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptFileException(source, "the header is not valid UTF-8", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalStateException e) {
            throw new CorruptFileException(source, "corrupt header: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map)) {
            throw new CorruptFileException(source, "corrupt header: expected a JSON object");
        }
        int dataStart = 8 + (int) n;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
            String key = (String) e.getKey();
            if (key.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map)) {
                    throw new CorruptFileException(source, METADATA_KEY + ": expected an object of strings");
                }
                for (Map.Entry<?, ?> m : ((Map<?, ?>) e.getValue()).entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw new CorruptFileException(source, METADATA_KEY + "." + m.getKey()
                                + ": expected a string value, got " + m.getValue());
                    }
                    metadata.put((String) m.getKey(), (String) m.getValue());
                }
            } else {
                entries.add(entry(source, key, e.getValue(), dataLength));
            }
        }
        String version = metadata.get(FORMAT_KEY);
        if (version != null && !version.equals(FORMAT_VERSION)) {
            throw new CorruptFileException(source, "format version " + FORMAT_KEY + " = \"" + version
                    + "\" is not supported (this reader knows version " + FORMAT_VERSION + ")");
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin != expected) {
                throw new CorruptFileException(source, "corrupt offsets: tensor '" + e.name + "' starts at byte "
                        + e.begin + " of the data buffer, expected " + expected + (e.begin < expected ? " (overlap)" : " (hole)"));
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw new CorruptFileException(source, "the data buffer has " + dataLength + " bytes but the tensors cover "
                    + expected + (expected < dataLength ? " (trailing bytes)" : ""));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            int count = (int) (e.rows * e.cols);
            double[] values = new double[count];
            int at = dataStart + (int) e.begin;
            for (int i = 0; i < count; i++) {
                values[i] = e.f32 ? (double) buf.getFloat(at + 4 * i) : buf.getDouble(at + 8 * i);
            }
            tensors.put(e.name, Tensor.wrap((int) e.rows, (int) e.cols, values));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(String name, boolean f32, long rows, long cols, long begin, long end) {
    }

    private static Entry entry(String source, String name, Object spec, long dataLength) throws CorruptFileException {
        String where = "tensor '" + name + "'";
        if (!(spec instanceof Map)) {
            throw new CorruptFileException(source, where + ": expected an object with dtype, shape, data_offsets");
        }
        Map<?, ?> m = (Map<?, ?>) spec;
        Object dtype = m.get("dtype");
        if (!(dtype instanceof String)) {
            throw new CorruptFileException(source, where + ": missing dtype");
        }
        boolean f32;
        if (dtype.equals("F64")) {
            f32 = false;
        } else if (dtype.equals("F32")) {
            f32 = true;
        } else {
            throw new CorruptFileException(source, where + ": dtype " + dtype + " is not supported (expected F64 or F32)");
        }
        List<Long> shape = longs(source, where + ".shape", m.get("shape"));
        List<Long> offsets = longs(source, where + ".data_offsets", m.get("data_offsets"));
        if (offsets.size() != 2) {
            throw new CorruptFileException(source, where + ".data_offsets: expected [begin, end], got " + offsets);
        }
        long rows;
        long cols;
        if (shape.isEmpty()) {
            rows = 1;
            cols = 1;
        } else if (shape.size() == 1) {
            rows = shape.get(0);
            cols = 1;
        } else if (shape.size() == 2) {
            rows = shape.get(0);
            cols = shape.get(1);
        } else {
            throw new CorruptFileException(source, where + ": rank " + shape.size() + " " + shape
                    + " is not supported (expected rank 0, 1 or 2)");
        }
        if (rows <= 0 || cols <= 0 || rows * cols > Integer.MAX_VALUE / 8) {
            throw new CorruptFileException(source, where + ": shape " + shape
                    + " is not supported (expected positive sizes, at most 2^28 entries)");
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        long size = rows * cols * (f32 ? 4 : 8);
        if (begin < 0 || end < begin || end - begin != size) {
            throw new CorruptFileException(source, where + ": data_offsets " + offsets + " do not span the "
                    + size + " bytes its dtype and shape need");
        }
        if (end > dataLength) {
            throw new CorruptFileException(source, "truncated: " + where + " needs bytes up to " + end
                    + " of the data buffer, which has " + dataLength);
        }
        return new Entry(name, f32, rows, cols, begin, end);
    }

    private static List<Long> longs(String source, String where, Object v) throws CorruptFileException {
        if (!(v instanceof List)) {
            throw new CorruptFileException(source, where + ": expected an array of integers, got " + v);
        }
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof Long) || (Long) o < 0) {
                throw new CorruptFileException(source, where + ": expected nonnegative integers, got " + v);
            }
            out.add((Long) o);
        }
        return out;
    }
}
