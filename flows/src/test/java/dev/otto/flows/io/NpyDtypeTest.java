package dev.otto.flows.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reading the non-float64 dtypes NumPy writes: each entry must come back as the float64 with the
 * same value (exactly: float32 and integers up to 32 bits embed in float64; 64-bit integers are
 * rounded to nearest beyond 2^53), in either byte order and in Fortran order.
 */
class NpyDtypeTest {

    /** A .npy file of {@code descr} holding {@code data} (raw entry bytes) with the given shape. */
    private static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
        byte[] template = Npy.encode(new Npy.Array(shape, new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)]));
        int headerEnd = 10 + ((template[8] & 0xff) | (template[9] & 0xff) << 8);
        String header = new String(template, 0, headerEnd, StandardCharsets.ISO_8859_1)
                .replace("'<f8'", "'" + descr + "'").replace("False", fortran ? "True " : "False");
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }

    private static ByteBuffer entries(int bytes, ByteOrder order) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    @Test
    void float32InBothByteOrders() throws Exception {
        float[] v = {1.5f, -2.25f, 1e-40f, Float.MAX_VALUE, -0.0f, 0.1f};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = entries(4 * v.length, order);
            for (float f : v) {
                b.putFloat(f);
            }
            String descr = order == ByteOrder.LITTLE_ENDIAN ? "<f4" : ">f4";
            Npy.Typed t = Npy.decodeTyped(npy(descr, false, new int[] {3, 2}, b.array()), "x.npy");
            assertTrue(t.converted());
            double[] d = t.array().data();
            for (int i = 0; i < v.length; i++) {
                assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(d[i]), descr + " entry " + i);
            }
        }
        assertEquals("big-endian float32", NpyDtype.parse(">f4").describe());
    }

    @Test
    void bigEndianFloat64IsConvertedLittleEndianIsNot() throws Exception {
        ByteBuffer b = entries(16, ByteOrder.BIG_ENDIAN).putDouble(Math.PI).putDouble(-1e300);
        Npy.Typed t = Npy.decodeTyped(npy(">f8", false, new int[] {2}, b.array()), "x.npy");
        assertArrayEquals(new double[] {Math.PI, -1e300}, t.array().data());
        assertTrue(t.converted());
        assertFalse(Npy.decodeTyped(Npy.encode(new Npy.Array(new int[] {1}, new double[] {1})), "y.npy").converted());
    }

    @Test
    void signedAndUnsignedIntegersOfEverySize() throws Exception {
        assertArrayEquals(new double[] {-128, 127, 0, -1},
                Npy.decode(npy("|i1", false, new int[] {4}, new byte[] {-128, 127, 0, -1}), "x.npy").data());
        assertArrayEquals(new double[] {128, 255, 0, 1},
                Npy.decode(npy("|u1", false, new int[] {4}, new byte[] {-128, -1, 0, 1}), "x.npy").data());
        ByteBuffer i2 = entries(4, ByteOrder.BIG_ENDIAN).putShort((short) -32768).putShort((short) 300);
        assertArrayEquals(new double[] {-32768, 300}, Npy.decode(npy(">i2", false, new int[] {2}, i2.array()), "x").data());
        ByteBuffer u2 = entries(2, ByteOrder.LITTLE_ENDIAN).putShort((short) -1);
        assertArrayEquals(new double[] {65535}, Npy.decode(npy("<u2", false, new int[] {1}, u2.array()), "x").data());
        ByteBuffer i4 = entries(8, ByteOrder.LITTLE_ENDIAN).putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE);
        assertArrayEquals(new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
                Npy.decode(npy("<i4", false, new int[] {2}, i4.array()), "x").data());
        ByteBuffer u4 = entries(4, ByteOrder.BIG_ENDIAN).putInt(-1);
        assertArrayEquals(new double[] {4294967295.0}, Npy.decode(npy(">u4", false, new int[] {1}, u4.array()), "x").data());
        ByteBuffer i8 = entries(16, ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE).putLong((1L << 53) + 1);
        assertArrayEquals(new double[] {-0x1p63, 0x1p53}, Npy.decode(npy("<i8", false, new int[] {2}, i8.array()), "x").data());
        // uint64: 2^64 - 1 rounds to 2^64; 2^63 + 2^10 + 1 rounds up to 2^63 + 2^11 (doubles there are 2^11 apart: nearest, not truncated)
        ByteBuffer u8 = entries(16, ByteOrder.BIG_ENDIAN).putLong(-1L).putLong(Long.MIN_VALUE + (1L << 10) + 1);
        assertArrayEquals(new double[] {0x1p64, 0x1p63 + 0x1p11},
                Npy.decode(npy(">u8", false, new int[] {2}, u8.array()), "x").data());
    }

    @Test
    void fortranOrderOfAConvertedType() throws Exception {
        // column-major 1,3,5,2,4,6 of a 2x3 array = [[1,5,4],[3,2,6]]
        ByteBuffer b = entries(12, ByteOrder.LITTLE_ENDIAN);
        for (short s : new short[] {1, 3, 5, 2, 4, 6}) {
            b.putShort(s);
        }
        assertArrayEquals(new double[] {1, 5, 4, 3, 2, 6},
                Npy.decode(npy("<i2", true, new int[] {2, 3}, b.array()), "f.npy").data());
    }

    @Test
    void encodingInAnotherTypeReadsBack() throws Exception {
        double[] v = {0, 1, -128, 127, 255, 65535, -0x1p63, 0x1p64 - 0x1p11};
        for (String descr : new String[] {"<f4", ">f8", "|i1", ">u2", "<i8", ">u8"}) {
            NpyDtype t = NpyDtype.parse(descr);
            double[] fits = Arrays.stream(v).filter(x -> t.size() != 4 || t.kind() != 'f' || (float) x == x).filter(x -> {
                try {
                    t.write(ByteBuffer.allocate(8), 0, x);
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }).toArray();
            Npy.Typed back = Npy.decodeTyped(Npy.encode(new Npy.Array(new int[] {fits.length}, fits), t), "x.npy");
            assertEquals(descr, back.stored().descr());
            assertArrayEquals(fits, back.array().data(), descr);
        }
        assertThrows(IllegalArgumentException.class, () -> NpyDtype.parse("|u1").write(ByteBuffer.allocate(1), 0, 256));
        assertThrows(IllegalArgumentException.class, () -> NpyDtype.parse("<i4").write(ByteBuffer.allocate(4), 0, 0.5));
        assertEquals(0.1f, (float) Npy.decode(Npy.encode(new Npy.Array(new int[] {1}, new double[] {0.1}),
                NpyDtype.parse("<f4")), "x").data()[0]);
    }

    @Test
    void otherTypesAndWrongSizesAreRefusedByName() {
        for (String descr : new String[] {"<c16", "<f2", "|b1", "<i3", "|i4", "<U8", "O"}) {
            String d = descr.length() == 1 ? descr + "xx" : descr;
            CorruptFileException e = assertThrows(CorruptFileException.class,
                    () -> Npy.decode(npy(d, false, new int[] {1}, new byte[8]), "a.npy"), descr);
            assertTrue(e.getMessage().startsWith("a.npy: dtype '" + d + "' is not supported"), e.getMessage());
        }
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> Npy.decode(npy("<f4", false, new int[] {2, 3}, new byte[20]), "a.npy"));
        assertTrue(e.getMessage().contains("needs 24 data bytes, the file has 20"), e.getMessage());
    }
}
