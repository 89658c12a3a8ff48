package org.baytrace.tracking.node.resolver;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.node.pages.Lang;

/**
 * QR codes at {@code /qr/{digital link path}.png} or {@code .svg} (or {@code ?format=png|svg};
 * PNG by default), {@code ?size=} {@value QrCodes#MIN_SIZE} to {@value QrCodes#MAX_SIZE}
 * (default {@value QrCodes#DEFAULT_SIZE}). The code encodes the canonical Digital Link on the
 * resolver's host. Any GS1 key a Digital Link can carry is accepted, check digits verified; a
 * bad code or parameter is problem JSON 400. The file extension is always taken as the format:
 * for a serial that itself ends in {@code .png}, add the extension once more. Thread-safe.
 */
@Path("qr")
@Singleton
public final class QrResource {
  private static final String CACHE = "public, max-age=86400";

  private final Resolver resolver;

  @Inject
  public QrResource(Resolver resolver) {
    this.resolver = resolver;
  }

  @GET
  @Path("{code: .+}")
  public Response qr(@Context UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String path = uri.getPath(false).substring("qr".length());
    String format = q.getFirst("format");
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".png") || lower.endsWith(".svg")) {
      format = lower.substring(lower.length() - 3);
      path = path.substring(0, path.length() - 4);
    }
    format = format == null ? "png" : format.toLowerCase(Locale.ROOT);
    if (!format.equals("png") && !format.equals("svg")) {
      return bad("format: got \"" + format + "\", want png or svg", uri);
    }
    int size = QrCodes.DEFAULT_SIZE;
    String rawSize = q.getFirst("size");
    if (rawSize != null) {
      try {
        size = Integer.parseInt(rawSize);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < QrCodes.MIN_SIZE || size > QrCodes.MAX_SIZE) {
        return bad("size: got \"" + (rawSize.length() > 20 ? rawSize.substring(0, 20) + "..." : rawSize) + "\", want "
            + QrCodes.MIN_SIZE + " to " + QrCodes.MAX_SIZE, uri);
      }
    }
    DigitalLink link;
    try {
      link = DigitalLink.parse(path);
      link.verifyCheckDigits();
    } catch (InvalidTraceCodeException e) {
      return bad(e.getMessage(), uri);
    }
    String content = resolver.qrContent(link);
    boolean[][] modules;
    try {
      modules = QrCodes.matrix(content);
    } catch (IllegalArgumentException e) {
      return bad(e.getMessage(), uri);
    }
    if (format.equals("svg")) {
      return Response.ok(QrCodes.svg(modules, size, content)).type("image/svg+xml; charset=utf-8")
          .header(HttpHeaders.CACHE_CONTROL, CACHE).header("Content-Security-Policy", "default-src 'none'").build();
    }
    return Response.ok(QrCodes.png(modules, size)).type("image/png").header(HttpHeaders.CACHE_CONTROL, CACHE).build();
  }

  private static Response bad(String detail, UriInfo uri) {
    return Responses.error(true, Lang.EN, 400, null, detail, null, uri);
  }
}
