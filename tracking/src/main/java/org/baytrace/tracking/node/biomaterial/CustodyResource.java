package org.baytrace.tracking.node.biomaterial;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.biomaterial.CustodyReport;
import org.baytrace.tracking.domain.biomaterial.CustodyState;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;

/**
 * {@code GET /v1/biomaterial/custody?subject=...[&maxSilenceHours=6][&format=html]}: the
 * chain-of-custody report as JSON, or as a page ({@code format=html}, or a browser's {@code
 * Accept: text/html}) in English, simplified or traditional Chinese ({@code ?lang=} or {@code
 * Accept-Language}); {@code GET /v1/biomaterial/shipments}: the declared shipments. Errors are
 * problem JSON. Thread-safe.
 */
@Path("/v1/biomaterial")
public final class CustodyResource {
  private final CustodyState state;
  private final OrgRegistry registry;

  CustodyResource(CustodyState state, OrgRegistry registry) {
    this.state = state;
    this.registry = registry;
  }

  @GET
  @Path("shipments")
  @Produces(MediaType.APPLICATION_JSON)
  public String shipments() {
    ArrayNode a = CustodyReport.JSON.createArrayNode();
    state.subjects().forEach(s -> state.custody(s).ifPresent(c -> a.add(s)));
    return a.toString();
  }

  @GET
  @Path("custody")
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
  public Response custody(@QueryParam("subject") String subject, @QueryParam("maxSilenceHours") String hours,
      @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept,
      @QueryParam("lang") String langParam, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
      @Context UriInfo uri) {
    if (subject == null || subject.isEmpty()) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "subject: missing, want a biomaterial shipment, e.g. "
          + "https://id.gs1.org/00/106141411234567897");
    }
    Duration silence = CustodyReport.DEFAULT_MAX_SILENCE;
    if (hours != null) {
      try {
        double h = Double.parseDouble(hours);
        if (!(h > 0 && h <= 24 * 365)) {
          throw new NumberFormatException();
        }
        silence = Duration.ofSeconds(Math.round(h * 3600));
      } catch (NumberFormatException e) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, "maxSilenceHours: got " + Quoted.of(hours)
            + ", want a number of hours above 0 and at most 8760");
      }
    }
    if (format != null && !format.equals("json") && !format.equals("html")) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "format: got " + Quoted.of(format) + ", want json or html");
    }
    CustodyState.Custody c = state.custody(subject).orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND,
        "subject: no biomaterial.Shipment record declares " + Quoted.of(subject)));
    ObjectNode report = CustodyReport.build(subject, c, registry, silence);
    boolean html = "html".equals(format) || (format == null && accept != null && accept.contains("text/html"));
    if (html) {
      Lang lang = Lang.choose(langParam, acceptLanguage);
      return PageLayout.ok(lang, CustodyPage.html(report, lang, PageLayout.Frame.of(uri)), PageLayout.CSP);
    }
    return Response.ok(report.toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
