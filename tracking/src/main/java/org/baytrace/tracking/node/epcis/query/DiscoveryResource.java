package org.baytrace.tracking.node.epcis.query;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /} for {@code Accept: application/json} (or {@code application/ld+json}): the EPCIS
 * 2.0 REST binding's discovery, the {@code Collection} of top-level resources. Any other request
 * for {@code /} (a browser asking for HTML) is not this resource's: it answers 404 as before, and
 * a landing page with {@code @Produces("text/html")} at {@code /} takes precedence for HTML.
 * Stateless; thread-safe.
 */
@Path("")
public final class DiscoveryResource {
  static final List<String> TOP_LEVEL = List.of("capture", "events", "eventTypes", "epcs", "bizSteps",
      "bizLocations", "readPoints", "dispositions");

  @GET
  public Response discovery(@Context HttpHeaders headers) {
    for (MediaType m : headers.getAcceptableMediaTypes()) {
      if (m.isWildcardType()) {
        break; // */* before any JSON: a browser or a client with no preference
      }
      if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE) || m.toString().startsWith("application/ld+json")) {
        return TopLevelResource.versioned(Response.ok(TopLevelResource.collection(TOP_LEVEL).toString())).build();
      }
      if (m.isCompatible(MediaType.TEXT_HTML_TYPE)) {
        break;
      }
    }
    throw new NotFoundException();
  }
}
