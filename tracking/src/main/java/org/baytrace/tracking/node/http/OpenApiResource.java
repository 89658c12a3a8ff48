package org.baytrace.tracking.node.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every HTTP route the node serves
 * (ledger, tlog tiles, EPCIS capture and query, resolver, trace codes, the profiles), a resource
 * of this package ({@code openapi.json}); {@code OpenApiDocumentTest} checks it against {@link
 * Routes} of a running node. Stateless; thread-safe.
 */
@Path("openapi.json")
public final class OpenApiResource {
  static final String RESOURCE = "openapi.json";
  private static final byte[] DOCUMENT = load();

  @GET
  @Produces("application/json")
  public Response document() {
    return Response.ok(DOCUMENT).header("Cache-Control", "public, max-age=300").build();
  }

  /** The document's bytes. */
  public static byte[] bytes() {
    return DOCUMENT.clone();
  }

  private static byte[] load() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path next to " + OpenApiResource.class);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
