package dev.otto.flows.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element type of a {@code .npy} file, from its {@code descr} string (NumPy's array-interface
 * type string: a byte-order character, a kind, a size in bytes), for the types {@link Npy} converts
 * to float64 on reading: float32 and float64 ({@code f4}, {@code f8}), signed integers int8..int64
 * ({@code i1}..{@code i8}) and unsigned integers uint8..uint64 ({@code u1}..{@code u8}), each little
 * ({@code <}) or big ({@code >}) endian; {@code |} (not applicable) is allowed for one-byte types
 * and {@code =} means the machine's order. Every float32 and every integer of at most 32 bits is a
 * float64 exactly; int64 and uint64 are exact up to 2^53 in magnitude and rounded to the nearest
 * double beyond.
 *
 * @param descr the descr string as written in the header, e.g. {@code '<f4'}
 * @param order the byte order of the entries
 * @param kind  'f' (float), 'i' (signed integer) or 'u' (unsigned integer)
 * @param size  bytes per entry
 */
public record NpyDtype(String descr, ByteOrder order, char kind, int size) {

    /** Little-endian float64, the type Otto writes and reads without conversion. */
    public static final NpyDtype FLOAT64 = parse("<f8");

    /**
     * The dtype of {@code descr}.
     *
     * @throws IllegalArgumentException naming the descr and the supported types, for any other type
     */
    public static NpyDtype parse(String descr) {
        if (descr.length() < 3) {
            throw unsupported(descr);
        }
        char orderChar = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw unsupported(descr);
        }
        boolean sizeOk = kind == 'f' ? size == 4 || size == 8
                : (kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
        if (!sizeOk) {
            throw unsupported(descr);
        }
        ByteOrder order = switch (orderChar) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            case '|' -> {
                if (size != 1) {
                    throw unsupported(descr);
                }
                yield ByteOrder.LITTLE_ENDIAN;
            }
            default -> throw unsupported(descr);
        };
        return new NpyDtype(descr, order, kind, size);
    }

    private static IllegalArgumentException unsupported(String descr) {
        return new IllegalArgumentException("dtype '" + descr + "' is not supported (expected float32/float64, int8..int64"
                + " or uint8..uint64, little or big endian; convert with array.astype('<f8'))");
    }

    /** True for little-endian float64, which is read without conversion. */
    public boolean isFloat64() {
        return kind == 'f' && size == 8 && order == ByteOrder.LITTLE_ENDIAN;
    }

    /** The type in words, e.g. "big-endian float32", "uint8". */
    public String describe() {
        String name = switch (kind) {
            case 'f' -> "float" + 8 * size;
            case 'i' -> "int" + 8 * size;
            default -> "uint" + 8 * size;
        };
        return size == 1 ? name : (order == ByteOrder.BIG_ENDIAN ? "big-endian " : "little-endian ") + name;
    }

    /**
     * The entry at byte {@code offset} of {@code buf}, as a double (rounded only for 64-bit integers
     * above 2^53); sets {@code buf}'s byte order to this type's.
     */
    public double read(ByteBuffer buf, int offset) {
        ByteBuffer b = buf.order(order);
        return switch (kind) {
            case 'f' -> size == 8 ? b.getDouble(offset) : b.getFloat(offset);
            case 'i' -> switch (size) {
                case 1 -> b.get(offset);
                case 2 -> b.getShort(offset);
                case 4 -> b.getInt(offset);
                default -> (double) b.getLong(offset);
            };
            default -> switch (size) {
                case 1 -> b.get(offset) & 0xFF;
                case 2 -> b.getShort(offset) & 0xFFFF;
                case 4 -> b.getInt(offset) & 0xFFFFFFFFL;
                default -> unsignedToDouble(b.getLong(offset));
            };
        };
    }

    /**
     * Stores {@code v} at byte {@code offset} of {@code buf} in this type (float32 rounds to
     * nearest); sets {@code buf}'s byte order to this type's.
     *
     * @throws IllegalArgumentException for an integer type and a value that is not an integer in its
     *     range
     */
    public void write(ByteBuffer buf, int offset, double v) {
        ByteBuffer b = buf.order(order);
        if (kind == 'f') {
            if (size == 8) {
                b.putDouble(offset, v);
            } else {
                b.putFloat(offset, (float) v);
            }
            return;
        }
        double max = kind == 'i' ? Math.scalb(1.0, 8 * size - 1) : Math.scalb(1.0, 8 * size);
        double min = kind == 'i' ? -max : 0;
        if (!(v >= min && v < max) || v != Math.rint(v)) {
            throw new IllegalArgumentException("v: expected an integer in [" + min + ", " + max + ") for " + describe()
                    + ", got " + v);
        }
        long bits = v >= 0x1p63 ? (long) (v - 0x1p63) ^ Long.MIN_VALUE : (long) v;
        switch (size) {
            case 1 -> b.put(offset, (byte) bits);
            case 2 -> b.putShort(offset, (short) bits);
            case 4 -> b.putInt(offset, (int) bits);
            default -> b.putLong(offset, bits);
        }
    }

    /** The unsigned 64-bit value of the bits {@code v}, rounded to the nearest double. */
    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // halve (keeping the lowest bit for correct rounding), convert, double
        return ((v >>> 1) | (v & 1)) * 2.0;
    }
}
