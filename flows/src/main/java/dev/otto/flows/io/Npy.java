package dev.otto.flows.io;

import dev.otto.autodiff.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy's {@code .npy} format for samples (DESIGN.md, io).
 *
 * <p>Layout (NumPy's format specification, version 1.0): the magic {@code \x93NUMPY}, bytes 1 and
 * 0 (version), a 2-byte little-endian header length H, then H bytes of an ASCII Python dict
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (r, c), }} padded with spaces and ended
 * by a newline so that the data start at a multiple of 64 bytes; then the entries, little-endian,
 * in C (row-major) order. Writing uses version 1.0 and dtype {@code '<f8'}; tensors are written 2-D, plain
 * arrays 1-D. Reading also accepts versions 2.0 and 3.0 (4-byte header length), Fortran order, and
 * the dtypes of {@link NpyDtype} (float32, integers of 8 to 64 bits, either byte order: what
 * {@code np.save(tensor.numpy())} writes from a default PyTorch tensor), converted to float64;
 * {@link #readTyped} tells the caller which type was converted. Any other dtype is refused with a
 * {@link CorruptFileException} naming it. Float64 bytes are copied bit for bit, so NaN payloads,
 * infinities, -0.0 and subnormals round-trip exactly.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {
    }

    /**
     * An n-dimensional float64 array as stored (C order).
     *
     * @param shape the dimensions (empty for a scalar)
     * @param data the entries in C order, product(shape) of them
     */
    public record Array(int[] shape, double[] data) {
        /** Checks that data has product(shape) entries; copies both. */
        public Array {
            long count = 1;
            for (int s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("shape: expected nonnegative sizes, got " + Arrays.toString(shape));
                }
                count *= s;
            }
            if (count != data.length) {
                throw new IllegalArgumentException("data: expected " + count + " entries for shape "
                        + Arrays.toString(shape) + ", got " + data.length);
            }
            shape = shape.clone();
            data = data.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public double[] data() {
            return data.clone();
        }

        /**
         * As a tensor: rank 2 as is, rank 1 of length n as an n x 1 column (a batch of n values),
         * rank 0 as 1 x 1.
         *
         * @throws IllegalArgumentException for rank above 2 or an empty array
         */
        public Tensor toTensor() {
            if (shape.length > 2) {
                throw new IllegalArgumentException("shape: expected rank 0, 1 or 2 for a tensor, got "
                        + Arrays.toString(shape));
            }
            if (data.length == 0) {
                throw new IllegalArgumentException("shape: a tensor cannot be empty, got " + Arrays.toString(shape));
            }
            int rows = shape.length == 0 ? 1 : shape[0];
            int cols = shape.length == 2 ? shape[1] : 1;
            return Tensor.of(rows, cols, data);
        }
    }

    /**
     * An array with the element type it was stored in (before the conversion to float64).
     *
     * @param array  the entries as float64
     * @param stored the dtype of the file
     */
    public record Typed(Array array, NpyDtype stored) {
        /** True when the entries were converted from another type than little-endian float64. */
        public boolean converted() {
            return !stored.isFloat64();
        }
    }

    /** Writes x as a 2-D (rows, cols) array, atomically. */
    public static void write(Path file, Tensor x) throws IOException {
        if (x == null) {
            throw new IllegalArgumentException("x: expected a tensor, got null");
        }
        writeArray(file, new Array(new int[] {x.rows(), x.cols()}, x.toArray()));
    }

    /** Writes a 1-D array, atomically. */
    public static void writeVector(Path file, double[] values) throws IOException {
        if (values == null) {
            throw new IllegalArgumentException("values: expected an array, got null");
        }
        writeArray(file, new Array(new int[] {values.length}, values));
    }

    /** Writes an array of any rank, atomically. */
    public static void writeArray(Path file, Array array) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path, got null");
        }
        AtomicFiles.write(file, ByteBuffer.wrap(encode(array)));
    }

    /** The bytes of a version 1.0 .npy file holding {@code array} as float64. */
    public static byte[] encode(Array array) {
        return encode(array, NpyDtype.FLOAT64);
    }

    /**
     * The bytes of a version 1.0 .npy file holding {@code array} in {@code dtype} (float32 rounds
     * to nearest; see {@link NpyDtype#write}), for exchanging with programs that expect it.
     */
    public static byte[] encode(Array array, NpyDtype dtype) {
        int[] shape = array.shape;
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        s.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + s + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        int headerLength = total - MAGIC.length - 4;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("array: header of " + headerLength + " bytes exceeds version 1.0's 65535");
        }
        StringBuilder h = new StringBuilder(dict);
        while (h.length() < headerLength - 1) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer out = ByteBuffer.allocate(total + dtype.size() * array.data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < array.data.length; i++) {
            dtype.write(out, total + dtype.size() * i, array.data[i]);
        }
        return out.array();
    }

    /** Reads a .npy file as a tensor (see {@link Array#toTensor()}). */
    public static Tensor read(Path file) throws IOException {
        Array a = readArray(file);
        try {
            return a.toTensor();
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file.toString(), e.getMessage(), e);
        }
    }

    /** Reads a .npy file as an array of any rank. */
    public static Array readArray(Path file) throws IOException {
        return readTyped(file).array();
    }

    /** Reads a .npy file as an array of any rank, with the dtype it was stored in. */
    public static Typed readTyped(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path, got null");
        }
        return decodeTyped(Files.readAllBytes(file), file.toString());
    }

    /** Decodes the bytes of a .npy file; {@code source} names it in error messages. */
    public static Array decode(byte[] bytes, String source) throws CorruptFileException {
        return decodeTyped(bytes, source).array();
    }

    /** Decodes the bytes of a .npy file with the dtype they were stored in. */
    public static Typed decodeTyped(byte[] bytes, String source) throws CorruptFileException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new CorruptFileException(source, "not a .npy file (missing the \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new CorruptFileException(source, "truncated: " + bytes.length + " bytes, no room for the header length");
            }
            headerLength = buf.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new CorruptFileException(source, "format version " + major + "." + (bytes[7] & 0xff)
                    + " is not supported (expected 1.0, 2.0 or 3.0)");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new CorruptFileException(source, "truncated: the header claims " + headerLength + " bytes but only "
                    + (bytes.length - headerStart) + " follow");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new HeaderParser(header).dict();
        } catch (IllegalStateException e) {
            throw new CorruptFileException(source, "corrupt header: " + e.getMessage() + " in " + header.strip(), e);
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeObj = dict.get("shape");
        if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shapeObj instanceof int[])) {
            throw new CorruptFileException(source, "corrupt header: expected keys descr, fortran_order and shape, got "
                    + header.strip());
        }
        NpyDtype dtype;
        try {
            dtype = NpyDtype.parse((String) descr);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(source, e.getMessage(), e);
        }
        int[] shape = (int[]) shapeObj;
        long count = 1;
        for (int s : shape) {
            count *= s;
        }
        long dataStart = headerStart + headerLength;
        long need = (long) dtype.size() * count;
        if (count > Integer.MAX_VALUE / 8) {
            throw new CorruptFileException(source, "shape " + Arrays.toString(shape) + " is too large (at most 2^28 entries)");
        }
        if (bytes.length - dataStart < need) {
            throw new CorruptFileException(source, "truncated: shape " + Arrays.toString(shape) + " needs " + need
                    + " data bytes, the file has " + (bytes.length - dataStart));
        }
        if (bytes.length - dataStart > need) {
            throw new CorruptFileException(source, "corrupt: " + (bytes.length - dataStart - need)
                    + " bytes after the data of shape " + Arrays.toString(shape));
        }
        double[] data = new double[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = dtype.read(buf, (int) dataStart + dtype.size() * i);
        }
        if ((Boolean) fortran && shape.length > 1) {
            data = fortranToC(data, shape);
        }
        return new Typed(new Array(shape, data), dtype);
    }

    /** Reorders column-major (first index fastest) entries into row-major order. */
    private static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int rank = shape.length;
        int[] idx = new int[rank];
        for (int k = 0; k < f.length; k++) {
            // idx is the multi-index of f[k] in Fortran order
            int cPos = 0;
            for (int a = 0; a < rank; a++) {
                cPos = cPos * shape[a] + idx[a];
            }
            c[cPos] = f[k];
            for (int a = 0; a < rank; a++) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return c;
    }

    /** Parses the Python literal dict of a .npy header: string keys; string, bool or int-tuple values. */
    private static final class HeaderParser {
        private final String s;
        private int pos;

        HeaderParser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> m = new LinkedHashMap<>();
            skip();
            expect('{');
            while (true) {
                skip();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = str();
                skip();
                expect(':');
                skip();
                m.put(key, value());
                skip();
                if (peek() == ',') {
                    pos++;
                } else {
                    skip();
                    expect('}');
                    break;
                }
            }
            skip();
            if (pos != s.length()) {
                throw new IllegalStateException("unexpected characters after the dict");
            }
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return str();
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                pos++;
                List<Integer> dims = new ArrayList<>();
                while (true) {
                    skip();
                    if (peek() == ')') {
                        pos++;
                        break;
                    }
                    int start = pos;
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                    if (start == pos) {
                        throw new IllegalStateException("expected a dimension at character " + pos);
                    }
                    try {
                        dims.add(Integer.parseInt(s.substring(start, pos)));
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("dimension too large at character " + start);
                    }
                    skip();
                    if (peek() == ',') {
                        pos++;
                    }
                }
                return dims.stream().mapToInt(Integer::intValue).toArray();
            }
            throw new IllegalStateException("unexpected value at character " + pos);
        }

        private String str() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw new IllegalStateException("expected a quoted string at character " + pos);
            }
            int end = s.indexOf(q, pos + 1);
            if (end < 0) {
                throw new IllegalStateException("unterminated string at character " + pos);
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new IllegalStateException("unexpected end");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalStateException("expected '" + c + "' at character " + pos);
            }
            pos++;
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
