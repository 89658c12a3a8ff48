package org.baytrace.tracking.node.epcis.capture;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The request side of capture: which content types are taken and how much of a body is read.
 * Stateless.
 */
final class RequestBodies {
  static final String LD_JSON = "application/ld+json";
  static final String WANT = "application/ld+json or application/json (UTF-8)";

  private RequestBodies() {}

  /**
   * Accepts {@code application/ld+json} and {@code application/json}, with no charset or UTF-8.
   *
   * @throws CaptureProblem 415 naming what was sent and what is wanted
   */
  static void checkContentType(HttpHeaders headers) {
    String raw = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (raw == null || raw.isBlank()) {
      throw CaptureProblem.unsupportedMediaType("Content-Type: missing, want " + WANT);
    }
    MediaType type;
    try {
      type = MediaType.valueOf(raw);
    } catch (IllegalArgumentException e) {
      throw CaptureProblem.unsupportedMediaType("Content-Type: got \"" + raw + "\" (not a media type), want " + WANT);
    }
    String essence = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
    if (!essence.equals(LD_JSON) && !essence.equals(MediaType.APPLICATION_JSON)) {
      throw CaptureProblem.unsupportedMediaType("Content-Type: got \"" + raw + "\", want " + WANT);
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
      throw CaptureProblem.unsupportedMediaType("Content-Type: got charset \"" + charset + "\", want UTF-8 (JSON is UTF-8)");
    }
  }

  /**
   * Reads the whole body, refusing one longer than the limit without reading past it.
   *
   * @throws CaptureProblem 413 with the limit headers if too long, 400 if it cannot be read
   */
  static byte[] read(HttpHeaders headers, InputStream body, CaptureLimits limits) {
    int max = limits.maxDocumentBytes();
    String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        long declared = Long.parseLong(length.strip());
        if (declared > max) {
          throw tooLarge(declared + " bytes", limits);
        }
      } catch (NumberFormatException e) {
        // Grizzly refuses a malformed Content-Length itself; count the bytes below anyway.
      }
    }
    if (body == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    try {
      int n;
      while ((n = body.read(buf)) >= 0) {
        if (out.size() + n > max) {
          throw tooLarge("more than " + max + " bytes", limits);
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw CaptureProblem.validation("request body: cannot be read: " + e.getMessage());
    }
    return out.toByteArray();
  }

  private static CaptureProblem tooLarge(String got, CaptureLimits limits) {
    return CaptureProblem.tooLarge("request body: got " + got + ", want at most " + limits.maxDocumentBytes()
        + " bytes (GS1-EPCIS-Capture-File-Size-Limit); split the document", limits)
        .with("limit", limits.maxDocumentBytes());
  }
}
