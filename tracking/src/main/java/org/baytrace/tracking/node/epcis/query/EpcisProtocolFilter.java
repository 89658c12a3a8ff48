package org.baytrace.tracking.node.epcis.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import org.baytrace.tracking.node.epcis.EpcisVersions;

/**
 * The EPCIS 2.0 REST binding's protocol on every EPCIS route ({@link #EPCIS_ROOTS} and {@code /}):
 * version negotiation before the resource runs ({@link EpcisVersions}: 406 problem JSON of type
 * {@code epcisException:NotAcceptableException} for a version this node does not speak, 400 for a
 * malformed one), and {@code OPTIONS} answered 204 with the binding's discovery headers ({@code
 * Allow} as Jersey computes it from the resources, versions, EPC formats). Stateless; thread-safe.
 */
public final class EpcisProtocolFilter implements ContainerRequestFilter, ContainerResponseFilter {
  /** The first path segments of the binding's resources. */
  public static final Set<String> EPCIS_ROOTS = Set.of("capture", "events", "eventTypes", "epcs", "bizSteps",
      "bizLocations", "readPoints", "dispositions", "queries");
  static final String EPC_FORMAT = "GS1-EPC-Format";
  static final String EPC_FORMATS = "No_Preference, Always_GS1_Digital_Link, Never_Translates";

  static boolean isEpcis(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.isEmpty()) {
      return true;
    }
    int slash = p.indexOf('/');
    return EPCIS_ROOTS.contains(slash < 0 ? p : p.substring(0, slash));
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!isEpcis(request.getUriInfo().getPath()) || request.getMethod().equals("OPTIONS")) {
      return;
    }
    EpcisVersions.Refusal r = EpcisVersions.check(request::getHeaderString);
    if (r != null) {
      ObjectNode n = ProjectedEvent.JSON.createObjectNode();
      n.put("type", r.status() == 406 ? "epcisException:NotAcceptableException" : "epcisException:ValidationException");
      n.put("title", r.status() == 406 ? "Not acceptable" : "Invalid request header");
      n.put("status", r.status());
      n.put("detail", r.detail());
      n.put("instance", "/" + request.getUriInfo().getPath(false));
      n.put("reason", r.status() == 406 ? "NOT_ACCEPTABLE" : "INVALID_ARGUMENT");
      n.put("header", r.header());
      request.abortWith(Response.status(r.status()).type(QueryProblemMapper.PROBLEM_JSON)
          .header(HttpHeaders.CACHE_CONTROL, "no-store").header(EpcisVersions.EPCIS_VERSION, EpcisVersions.SERVED)
          .entity(n.toString()).build());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!request.getMethod().equals("OPTIONS") || !isEpcis(request.getUriInfo().getPath())) {
      return;
    }
    if (response.getStatus() == 200) { // Jersey's own OPTIONS answer: the Allow header and a body
      response.setStatus(204);
      response.setEntity(null);
      response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
    }
    if (response.getStatus() != 204) {
      return;
    }
    var h = response.getHeaders();
    h.putSingle(EpcisVersions.EPCIS_VERSION, EpcisVersions.SERVED);
    h.putSingle(EpcisVersions.EPCIS_MIN, EpcisVersions.SERVED);
    h.putSingle(EpcisVersions.EPCIS_MAX, EpcisVersions.SERVED);
    h.putSingle(EpcisVersions.CBV_VERSION, EpcisVersions.SERVED);
    h.putSingle(EpcisVersions.CBV_MIN, EpcisVersions.SERVED);
    h.putSingle(EpcisVersions.CBV_MAX, EpcisVersions.SERVED);
    h.putSingle(EPC_FORMAT, EPC_FORMATS);
    h.putSingle("GS1-CBV-XML-Format", "Never_Translates");
    h.putSingle("GS1-Extensions", "");
    h.putSingle("GS1-Vendor-Version", "BayTrace");
  }
}
