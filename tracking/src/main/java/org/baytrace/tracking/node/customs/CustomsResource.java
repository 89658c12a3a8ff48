package org.baytrace.tracking.node.customs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;

/**
 * The customs endpoints: {@code GET /v1/customs/declarations[/{office}/{number}]},
 * {@code GET /v1/customs/clearance-report} (JSON), {@code .../clearance-report.csv} and the HTML
 * page {@code GET /customs/clearance-report} (English, simplified or traditional Chinese by {@code ?lang=} or
 * {@code Accept-Language}); query parameters {@code port} (UN/LOCODE),
 * {@code type} (import|export), {@code period} (month|day). Stateless per request.
 */
public final class CustomsResource {
  private CustomsResource() {}

  /** JSON and CSV under {@code /v1/customs}. */
  @Path("v1/customs")
  public static final class Api {
    @Inject Customs customs;

    @GET
    @Path("declarations")
    @Produces(MediaType.APPLICATION_JSON)
    public ArrayNode declarations() {
      return customs.declarations();
    }

    @GET
    @Path("declarations/{office}/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode declaration(@PathParam("office") String office, @PathParam("number") String number) {
      return customs.declaration(office, number);
    }

    @GET
    @Path("clearance-report")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode report(@QueryParam("port") String port, @QueryParam("type") String type,
        @QueryParam("period") String period) {
      return customs.reportJson(customs.report(port, type, period));
    }

    @GET
    @Path("clearance-report.csv")
    @Produces("text/csv; charset=utf-8")
    public String csv(@QueryParam("port") String port, @QueryParam("type") String type,
        @QueryParam("period") String period) {
      return customs.reportCsv(customs.report(port, type, period));
    }
  }

  /** The HTML report page. */
  @Path("customs")
  public static final class Page {
    @Inject Customs customs;
    @Context UriInfo uri;

    @GET
    @Path("clearance-report")
    @Produces(MediaType.TEXT_HTML + "; charset=utf-8")
    public Response report(@QueryParam("port") String port, @QueryParam("type") String type,
        @QueryParam("period") String period, @QueryParam("lang") String langParam,
        @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
      Lang lang = Lang.choose(langParam, acceptLanguage);
      return PageLayout.ok(lang, customs.reportHtml(customs.report(port, type, period), uri.getRequestUri().getRawQuery(),
          lang, PageLayout.Frame.of(uri)), PageLayout.CSP);
    }
  }
}
