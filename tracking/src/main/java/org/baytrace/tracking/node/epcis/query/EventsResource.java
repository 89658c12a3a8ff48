package org.baytrace.tracking.node.epcis.query;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
  public Response events(@Context UriInfo uri) {
    QueryPage page = queries.query(uri.getQueryParameters(true));
    Response.ResponseBuilder out = Response.ok(page.documentJson())
        .header("GS1-EPCIS-Version", "2.0.0")
        .header("GS1-CBV-Version", "2.0.0")
        .header("GS1-EPC-Format", "Never_Translates");
    if (page.nextPageToken() != null) {
      out.header("Link", "<" + nextPage(uri.getRequestUri(), page.nextPageToken()) + ">; rel=\"next\"");
    }
    return out.build();
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
