package org.baytrace.tracking.node.epcis.query;

import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.tracking.domain.epcis.query.EventQuery;
import org.baytrace.tracking.domain.epcis.query.PageToken;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.QueryDocuments;
import org.baytrace.tracking.domain.epcis.query.QueryPage;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;

/**
 * {@code GET /events}: the EPCIS 2.0 REST binding's event query. Query string parameters are the
 * EPCIS query parameters ({@link EventQuery}); the answer is an EPCISQueryDocument with at most
 * {@code perPage} events (default {@value EventQuery#DEFAULT_PER_PAGE}, at most {@value
 * EventQuery#MAX_PER_PAGE}); while more follow, a {@code Link: <...>; rel="next"} header gives the
 * URL of the next page (this request's URL with its {@code nextPageToken}). Headers {@code
 * GS1-EPCIS-Version} and {@code GS1-CBV-Version} are 2.0.0; {@code GS1-EPC-Format} is {@code
 * Never_Translates}: events are returned with identifiers as captured. Bad parameters are 400
 * problem JSON of type {@code epcisException:QueryParameterException} naming the parameter.
 *
 * <p>Created by Jersey per request; the {@link EpcisQueries} is injected. Thread-safe.
 */
@Path("events")
public final class EventsResource {
  static final String LD_JSON = "application/ld+json";

  private final EpcisQueries queries;

  @Inject
  public EventsResource(EpcisQueries queries) {
    this.queries = queries;
  }

  @GET
  @Produces({LD_JSON, "application/json"})
  public Response events(@Context UriInfo uri, @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String epcFormat) {
    return answer(queries.query(uri.getQueryParameters(true)), uri, epcFormat);
  }

  /**
   * {@code GET /events/{eventID}}: an EPCISQueryDocument with the event of that id (the id as
   * one path segment, percent-encoded) and, when one was captured, its error declaration; 404
   * {@code epcisException:NoSuchResourceException} if the node holds no event with that id.
   */
  @GET
  @Path("{eventID}")
  @Produces({LD_JSON, "application/json"})
  public Response event(@PathParam("eventID") String eventId, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String epcFormat) {
    QueryPage page = queries.query(uri.getQueryParameters(true), "EQ_eventID", eventId);
    if (page.document().at("/epcisBody/queryResults/resultsBody/eventList").isEmpty()) {
      throw QueryProblemMapper.notFound("eventID", "eventID: got " + Quoted.of(eventId)
          + ", want the id of an event this node holds");
    }
    return answer(page, uri, epcFormat);
  }

  /** A query page as the binding answers it: versions, EPC format, and the next page's link. */
  static Response answer(QueryPage page, UriInfo uri, String epcFormat) {
    String format = epcFormat(epcFormat);
    ObjectNode document = page.document();
    if (format.equals("Always_GS1_Digital_Link")) {
      QueryDocuments.toDigitalLinks(document);
    }
    Response.ResponseBuilder out = Response.ok(document.toString())
        .header("GS1-EPCIS-Version", "2.0.0")
        .header("GS1-CBV-Version", "2.0.0")
        .header(EpcisProtocolFilter.EPC_FORMAT, format);
    if (page.nextPageToken() != null) {
      out.header("Link", "<" + nextPage(uri.getRequestUri(), page.nextPageToken()) + ">; rel=\"next\"");
    }
    return out.build();
  }

  /**
   * The EPC format of the answer: {@code Always_GS1_Digital_Link} as asked; otherwise (no
   * preference, {@code Never_Translates}, or no header) as captured. EPC URNs need company prefix
   * lengths this service does not have, so {@code Always_EPC_URN} is 406.
   */
  static String epcFormat(String header) {
    if (header == null || header.isBlank()) {
      return "Never_Translates";
    }
    return switch (header.strip()) {
      case "Always_GS1_Digital_Link" -> "Always_GS1_Digital_Link";
      case "No_Preference", "Never_Translates" -> "Never_Translates";
      case "Always_EPC_URN" -> throw QueryProblemMapper.notAcceptable(EpcisProtocolFilter.EPC_FORMAT,
          "GS1-EPC-Format: got \"Always_EPC_URN\", want Always_GS1_Digital_Link, Never_Translates or No_Preference "
          + "(this node does not translate to EPC URNs)");
      default -> throw new QueryParameterException(EpcisProtocolFilter.EPC_FORMAT, "GS1-EPC-Format: got "
          + Quoted.of(header) + ", want one of No_Preference, Always_GS1_Digital_Link, Always_EPC_URN, "
          + "Never_Translates");
    };
  }

  /** This request's URL with {@code nextPageToken} replaced; every other parameter kept as sent. */
  static String nextPage(URI request, String token) {
    List<String> kept = new ArrayList<>();
    String raw = request.getRawQuery();
    if (raw != null) {
      for (String part : raw.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        if (!name.equals(PageToken.PARAMETER)) {
          kept.add(part);
        }
      }
    }
    kept.add(PageToken.PARAMETER + "=" + token); // base64url: nothing to escape
    return request.getScheme() + "://" + request.getRawAuthority() + request.getRawPath() + "?"
        + String.join("&", kept);
  }
}
