package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

/**
 * {@code /capture} of the EPCIS 2.0 REST binding:
 * <ul>
 *   <li>{@code POST /capture}: an {@code EPCISDocument} (or {@code EPCISQueryDocument}) as
 *       {@code application/ld+json} or {@code application/json}; optional headers
 *       {@code GS1-Capture-Error-Behaviour} ({@code rollback}, the default, or {@code proceed}),
 *       {@code GS1-EPCIS-Version} and {@code GS1-CBV-Version} (2.x). Answers 202 with the capture
 *       job (its JSON in the body, its URL in {@code Location}), or a problem: 400 (not JSON,
 *       schema violations with their JSON pointer and rule, not a capture document, bad header),
 *       413 (more than {@code GS1-EPCIS-Capture-Limit} events or
 *       {@code GS1-EPCIS-Capture-File-Size-Limit} bytes), 415 (another content type), 429
 *       (capture queue full).
 *   <li>{@code GET /capture[?perPage=N&nextPageToken=T]}: the caller's remembered jobs, newest first, 30
 *       per page by default (at most 1000), the next page in a {@code Link: <…>; rel="next"} header.
 *   <li>{@code GET /capture/{captureID}}: one job of the caller (see {@link CaptureJob}), 404 if
 *       unknown or another org's.
 *   <li>{@code OPTIONS /capture}: 204 with the versions, the limits and
 *       {@code GS1-Capture-Error-Behaviour: all}.
 * </ul>
 * Every route but OPTIONS acts for the caller's organisation ({@code org.baytrace.tracking.node.http.CallerFilter}:
 * 401 without a credential). Created by Jersey per request; the {@link EpcisCapture} is injected. Thread-safe.
 */
@Path("/capture")
public final class CaptureResource {
  static final int DEFAULT_PER_PAGE = 30;
  static final int MAX_PER_PAGE = 1000;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Inject private EpcisCapture capture;
  @Context private UriInfo uri;
  @Context private SecurityContext security;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response capture(@Context HttpHeaders headers, InputStream body) {
    RequestBodies.checkContentType(headers);
    EpcisHeaders.checkVersion(EpcisHeaders.EPCIS_VERSION, headers.getHeaderString(EpcisHeaders.EPCIS_VERSION));
    EpcisHeaders.checkVersion(EpcisHeaders.CBV_VERSION, headers.getHeaderString(EpcisHeaders.CBV_VERSION));
    CaptureErrorBehaviour behaviour =
        CaptureErrorBehaviour.fromHeader(headers.getHeaderString(CaptureErrorBehaviour.HEADER));
    byte[] bytes = RequestBodies.read(headers, body, capture.limits());
    CaptureJob job = capture.capture(bytes, behaviour, CallerOrg.of(security));
    return versioned(Response.accepted(job.toJson().toString()))
        .location(URI.create("capture/" + job.id()))
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  @GET
  public Response jobs(@QueryParam("perPage") String perPage, @QueryParam("nextPageToken") String nextPageToken) {
    int limit = perPage(perPage);
    long before = Long.MAX_VALUE;
    if (nextPageToken != null && !nextPageToken.isEmpty()) {
      try {
        before = Long.parseLong(nextPageToken);
      } catch (NumberFormatException e) {
        before = -1;
      }
      if (before <= 0) {
        throw CaptureProblem.validation("nextPageToken: got \"" + nextPageToken
            + "\", want a token from the Link header of an earlier page").with("parameter", "nextPageToken");
      }
    }
    List<CaptureJob> page = capture.jobs(CallerOrg.of(security), before, limit + 1);
    ArrayNode out = NODES.arrayNode();
    page.stream().limit(limit).forEach(j -> out.add(j.toJson()));
    Response.ResponseBuilder r = versioned(Response.ok(out.toString(), MediaType.APPLICATION_JSON_TYPE));
    if (page.size() > limit) {
      URI next = uri.getRequestUriBuilder()
          .replaceQueryParam("perPage", limit)
          .replaceQueryParam("nextPageToken", page.get(limit - 1).seq())
          .build();
      r.header("Link", "<" + next + ">; rel=\"next\"");
    }
    return r.build();
  }

  @GET
  @Path("{captureID}")
  public Response job(@PathParam("captureID") String id) {
    CaptureJob job = capture.job(id, CallerOrg.of(security)).orElseThrow(() -> CaptureProblem.notFound("captureID: got \""
        + id + "\", want the id of a capture job of yours that this node remembers (jobs are kept in memory, the latest "
        + capture.limits().maxJobs() + ", and forgotten on restart)").with("parameter", "captureID"));
    return versioned(Response.ok(job.toJson().toString(), MediaType.APPLICATION_JSON_TYPE)).build();
  }

  @OPTIONS
  public Response options() {
    return versioned(Response.noContent())
        .header(HttpHeaders.ALLOW, "OPTIONS, POST, GET")
        .header(EpcisHeaders.EPCIS_MIN, EpcisHeaders.EPCIS_VERSION_VALUE)
        .header(EpcisHeaders.EPCIS_MAX, EpcisHeaders.EPCIS_VERSION_VALUE)
        .header(EpcisHeaders.CBV_MIN, EpcisHeaders.CBV_VERSION_VALUE)
        .header(EpcisHeaders.CBV_MAX, EpcisHeaders.CBV_VERSION_VALUE)
        .header(EpcisHeaders.CAPTURE_LIMIT, capture.limits().maxEvents())
        .header(EpcisHeaders.CAPTURE_FILE_SIZE_LIMIT, capture.limits().maxDocumentBytes())
        .header(CaptureErrorBehaviour.HEADER, "all")
        .build();
  }

  @OPTIONS
  @Path("{captureID}")
  public Response jobOptions() {
    return versioned(Response.noContent()).header(HttpHeaders.ALLOW, "OPTIONS, GET").build();
  }

  static Response.ResponseBuilder versioned(Response.ResponseBuilder r) {
    return r.header(EpcisHeaders.EPCIS_VERSION, EpcisHeaders.EPCIS_VERSION_VALUE)
        .header(EpcisHeaders.CBV_VERSION, EpcisHeaders.CBV_VERSION_VALUE);
  }

  private static int perPage(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_PER_PAGE;
    }
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_PER_PAGE) {
      throw CaptureProblem.validation("perPage: got \"" + value + "\", want an integer from 1 to " + MAX_PER_PAGE)
          .with("parameter", "perPage");
    }
    return n;
  }
}
