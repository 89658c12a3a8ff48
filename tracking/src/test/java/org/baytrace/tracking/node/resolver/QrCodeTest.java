package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.BAD_GTIN;
import static org.baytrace.tracking.node.resolver.DurianTrace.ITEM_PATH;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.DurianTrace.SSCC_PATH;
import static org.baytrace.tracking.node.resolver.ResolverFixture.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** QR codes: PNG and SVG that decode back to the canonical Digital Link on the resolver host. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QrCodeTest {
  ResolverFixture f;

  @BeforeAll
  void start(@TempDir Path dir) {
    f = new ResolverFixture(dir).serve();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  /** The query a QR code adds: the ledger's trust root, for the phone to verify against. */
  static String trustRoot(ResolverFixture fixture) {
    return "?" + Resolver.TRUST_ROOT_PARAM + "=" + fixture.resolver.trustRoot().id();
  }

  static String decode(BufferedImage image) throws Exception {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    LuminanceSource source = new RGBLuminanceSource(w, h, pixels);
    Result r = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    return r.getText();
  }

  static BufferedImage png(HttpResponse<byte[]> r) throws IOException {
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("image/png", header(r, "Content-Type"));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
    if (image == null) {
      throw new AssertionError("not a PNG ImageIO can read");
    }
    return image;
  }

  @Test
  void png_decodesToTheCanonicalDigitalLink_withTheLedgersTrustRoot() throws Exception {
    for (String path : List.of(LOT_PATH, ITEM_PATH, SSCC_PATH, "/01/" + DurianTrace.GTIN, "/414/6901234000023")) {
      BufferedImage image = png(f.getBytes("/qr" + path + ".png"));
      assertEquals("https://id.gs1.org" + path + trustRoot(f), decode(image), path);
      assertEquals(image.getWidth(), image.getHeight());
      assertTrue(image.getWidth() <= QrCodes.DEFAULT_SIZE, path + ": " + image.getWidth());
    }
    // PNG is the default format; a GTIN-13 is padded to 14 digits; a non-canonical host is dropped
    BufferedImage image = png(f.getBytes("/qr/01/8850123000010/10/A%2FB"));
    assertEquals("https://id.gs1.org/01/08850123000010/10/A%2FB" + trustRoot(f), decode(image));
  }

  @Test
  void png_sizeIsBoundedAndHonoured() throws Exception {
    BufferedImage small = png(f.getBytes("/qr" + LOT_PATH + ".png?size=64"));
    assertTrue(small.getWidth() <= 64 || small.getWidth() == 37 + 8, "one pixel per module at least: " + small.getWidth());
    BufferedImage big = png(f.getBytes("/qr" + LOT_PATH + ".png?size=1024"));
    assertTrue(big.getWidth() <= 1024 && big.getWidth() > 900, "width " + big.getWidth());
    assertEquals("https://id.gs1.org" + LOT_PATH + trustRoot(f), decode(big));
    for (String size : List.of("63", "1025", "0", "-5", "abc", "99999999999")) {
      HttpResponse<String> r = f.get("/qr" + LOT_PATH + ".png?size=" + size);
      assertEquals(400, r.statusCode(), size);
      assertEquals("application/problem+json", header(r, "Content-Type"));
      assertTrue(r.body().contains("size: got"), r.body());
    }
  }

  @Test
  void svg_isValidXmlAndDrawsTheSameCode() throws Exception {
    for (String url : List.of("/qr" + ITEM_PATH + ".svg", "/qr" + ITEM_PATH + "?format=svg")) {
      HttpResponse<String> r = f.get(url);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(header(r, "Content-Type").startsWith("image/svg+xml"), header(r, "Content-Type"));
      DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
      dbf.setNamespaceAware(true);
      dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
      Element svg = doc.getDocumentElement();
      assertEquals("svg", svg.getLocalName());
      assertEquals("http://www.w3.org/2000/svg", svg.getNamespaceURI());
      assertEquals("https://id.gs1.org" + ITEM_PATH + trustRoot(f), svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title")
          .item(0).getTextContent());
      String d = ((Element) svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0)).getAttribute("d");
      int modules = Integer.parseInt(svg.getAttribute("viewBox").split(" ")[2]);
      assertEquals("https://id.gs1.org" + ITEM_PATH + trustRoot(f), decode(rasterise(d, modules, 4)));
    }
  }

  /** Draws the SVG's path of runs ({@code Mx yhNv1h-Nz}) as black pixels on white. */
  static BufferedImage rasterise(String d, int modules, int scale) {
    BufferedImage image = new BufferedImage(modules * scale, modules * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, 0xffffff);
      }
    }
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(d);
    int end = 0;
    while (m.find()) {
      assertEquals(end, m.start(), "path: unexpected text at " + end);
      end = m.end();
      int x0 = Integer.parseInt(m.group(1));
      int y0 = Integer.parseInt(m.group(2));
      int n = Integer.parseInt(m.group(3));
      for (int x = x0 * scale; x < (x0 + n) * scale; x++) {
        for (int y = y0 * scale; y < (y0 + 1) * scale; y++) {
          image.setRGB(x, y, 0);
        }
      }
    }
    assertEquals(d.length(), end, "path: trailing text");
    return image;
  }

  @Test
  void badCodesAndFormats_are400Problems() {
    for (String url : List.of("/qr/01/" + BAD_GTIN + ".png", "/qr/00/123.svg", "/qr/nothing.png",
        "/qr" + LOT_PATH + "?format=gif", "/qr/01/" + DurianTrace.GTIN + "/10/a%20b.png")) {
      HttpResponse<String> r = f.get(url);
      assertEquals(400, r.statusCode(), url + " " + r.body());
      assertEquals("application/problem+json", header(r, "Content-Type"), url);
    }
    assertTrue(f.get("/qr/01/" + BAD_GTIN + ".png").body().contains("check digit 3, want 0"));
  }

  @Test
  void configuredResolverHost_isWhatTheQrCodeAndLinkSetName(@TempDir Path other) throws Exception {
    try (ResolverFixture g = new ResolverFixture(other).withDurianTrace()) {
      g.serve(l -> new Resolver(l, new LedgerTraceSource(l), "https://trace.example.com/gba/"));
      assertEquals("https://trace.example.com/gba" + LOT_PATH + trustRoot(g), decode(png(g.getBytes("/qr" + LOT_PATH + ".png"))));
      assertEquals("https://trace.example.com/gba" + LOT_PATH,
          g.json(LOT_PATH + "?linkType=all").path("linkset").path(0).path("anchor").asText());
      assertEquals("https://trace.example.com/gba" + LOT_PATH, g.json(LOT_PATH).path("qrContent").asText());
    }
  }

  @Test
  void resolverHost_mustBeAPlainHttpUrl() {
    for (String bad : List.of("ftp://x.example", "https://x.example/?a=1", "https://x.example/#f", "/relative",
        "https://例子.example", "https://")) {
      assertThrows(IllegalArgumentException.class, () -> new Resolver(f.ledger, c -> List.of(), bad), bad);
    }
  }

  @Test
  void symbol_usesErrorCorrectionM_andAQuietZoneOfFourModules() throws Exception {
    BufferedImage image = png(f.getBytes("/qr" + LOT_PATH + ".png"));
    int w = image.getWidth();
    int[] pixels = image.getRGB(0, 0, w, w, null, 0, w);
    Result r = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, w, pixels))),
        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    assertEquals("M", r.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));
    boolean[][] m = QrCodes.matrix("https://id.gs1.org" + LOT_PATH + trustRoot(f));
    int scale = QrCodes.scale(m.length, QrCodes.DEFAULT_SIZE);
    assertEquals((m.length + 2 * QrCodes.QUIET_ZONE) * scale, w);
    // the quiet zone is white; the finder pattern's corner just inside it is black
    int quiet = QrCodes.QUIET_ZONE * scale;
    for (int i = 0; i < quiet; i++) {
      assertEquals(0xffffff, image.getRGB(i, i) & 0xffffff);
    }
    assertEquals(0, image.getRGB(quiet, quiet) & 0xffffff);
    assertEquals(1, QrCodes.scale(29, 10));
  }
}
