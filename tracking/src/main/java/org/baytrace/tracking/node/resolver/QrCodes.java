package org.baytrace.tracking.node.resolver;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * QR codes for trace codes: the symbol from ZXing's encoder (error correction level M, as GS1
 * recommends for Digital Link on packaging), drawn here as a 1-bit PNG or an SVG with a quiet zone
 * of four modules. Whole pixels per module, so the PNG is at most the size asked for (and at
 * least one pixel per module). Pure; thread-safe.
 */
final class QrCodes {
  /** Sizes a client may ask for, in pixels (PNG) or user units (SVG). */
  static final int MIN_SIZE = 64;
  static final int MAX_SIZE = 1024;
  static final int DEFAULT_SIZE = 256;
  static final int QUIET_ZONE = 4;

  private QrCodes() {}

  /** The modules of the symbol for {@code content}: {@code true} is dark. */
  static boolean[][] matrix(String content) {
    QRCode code;
    try {
      // No character set hint: Digital Links are ASCII (values are percent-encoded), which the
      // default ISO-8859-1 byte mode carries without an ECI header that some scanners trip on.
      code = Encoder.encode(content, ErrorCorrectionLevel.M);
    } catch (WriterException e) {
      throw new IllegalArgumentException("QR code: cannot encode " + content.length() + " characters: "
          + e.getMessage(), e);
    }
    ByteMatrix m = code.getMatrix();
    boolean[][] out = new boolean[m.getHeight()][m.getWidth()];
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        out[y][x] = m.get(x, y) == 1;
      }
    }
    return out;
  }

  /** Pixels per module for a symbol of {@code modules} (quiet zone included) in {@code size} pixels. */
  static int scale(int modules, int size) {
    return Math.max(1, size / (modules + 2 * QUIET_ZONE));
  }

  /** A grayscale 1-bit PNG of the symbol, black on white. */
  static byte[] png(boolean[][] modules, int size) {
    int n = modules.length;
    int scale = scale(n, size);
    int px = (n + 2 * QUIET_ZONE) * scale;
    int rowBytes = (px + 7) / 8;
    byte[] raw = new byte[px * (rowBytes + 1)];
    for (int y = 0; y < px; y++) {
      int row = y * (rowBytes + 1);
      raw[row] = 0; // filter: none
      int my = y / scale - QUIET_ZONE;
      for (int x = 0; x < px; x++) {
        int mx = x / scale - QUIET_ZONE;
        boolean dark = my >= 0 && my < n && mx >= 0 && mx < n && modules[my][mx];
        if (!dark) { // 1 is white in a 1-bit grayscale PNG
          raw[row + 1 + x / 8] |= (byte) (0x80 >>> (x % 8));
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 128);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(px).putInt(px).put((byte) 1).put((byte) 0).put((byte) 0)
        .put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", deflate(raw));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * An SVG of the symbol: a white square and one path of dark runs, in module units scaled to
   * {@code size}; {@code title} (escaped) names what it encodes.
   */
  static String svg(boolean[][] modules, int size, String title) {
    int n = modules.length;
    int w = n + 2 * QUIET_ZONE;
    StringBuilder p = new StringBuilder(n * n);
    for (int y = 0; y < n; y++) {
      int x = 0;
      while (x < n) {
        if (!modules[y][x]) {
          x++;
          continue;
        }
        int start = x;
        while (x < n && modules[y][x]) {
          x++;
        }
        p.append('M').append(start + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append('h').append(x - start)
            .append("v1h-").append(x - start).append('z');
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + w + " " + w + "\" width=\""
        + size + "\" height=\"" + size + "\" shape-rendering=\"crispEdges\">\n"
        + "<title>" + HtmlPages.esc(title) + "</title>\n"
        + "<rect width=\"" + w + "\" height=\"" + w + "\" fill=\"#fff\"/>\n"
        + "<path fill=\"#000\" d=\"" + p + "\"/>\n"
        + "</svg>\n";
  }
}
