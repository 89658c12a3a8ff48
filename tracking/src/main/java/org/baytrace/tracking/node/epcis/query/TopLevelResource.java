package org.baytrace.tracking.node.epcis.query;

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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;
import org.baytrace.tracking.domain.epcis.query.TopLevel;

/**
 * The top-level resources of the EPCIS 2.0 REST binding: {@code /eventTypes}, {@code /epcs},
 * {@code /bizSteps}, {@code /bizLocations}, {@code /readPoints}, {@code /dispositions}, each a
 * {@code Collection} of the values the node's events hold (paged by {@code perPage} and {@code
 * nextPageToken}, with a {@code Link: rel="next"} header); {@code /{resource}/{value}} the
 * value's sub-resources ({@code ["events"]}; 404 if no event holds it), and {@code
 * /{resource}/{value}/events} the events with that value, queried as {@code GET /events} with the
 * value as its parameter ({@link TopLevel#parameter()}). Values in paths are one segment,
 * percent-encoded. Created per request; thread-safe.
 */
@Path("")
public final class TopLevelResource {
  static final String CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
  private static final int DEFAULT_PER_PAGE = 30;
  private static final int MAX_PER_PAGE = 1000;

  private final EpcisQueries queries;

  @Inject
  public TopLevelResource(EpcisQueries queries) {
    this.queries = queries;
  }

  @GET @Path("eventTypes") @Produces("application/json")
  public Response eventTypes(@Context UriInfo uri, @QueryParam("perPage") String perPage,
      @QueryParam("nextPageToken") String token) {
    return collection(TopLevel.EVENT_TYPES, uri, perPage, token);
  }

  @GET @Path("eventTypes/{eventType}") @Produces("application/json")
  public Response eventType(@PathParam("eventType") String value) {
    return member(TopLevel.EVENT_TYPES, value);
  }

  @GET @Path("eventTypes/{eventType}/events") @Produces({EventsResource.LD_JSON, "application/json"})
  public Response eventTypeEvents(@PathParam("eventType") String value, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    return events(TopLevel.EVENT_TYPES, value, uri, format);
  }

  @GET @Path("epcs") @Produces("application/json")
  public Response epcs(@Context UriInfo uri, @QueryParam("perPage") String perPage,
      @QueryParam("nextPageToken") String token) {
    return collection(TopLevel.EPCS, uri, perPage, token);
  }

  @GET @Path("epcs/{epc}") @Produces("application/json")
  public Response epc(@PathParam("epc") String value) {
    return member(TopLevel.EPCS, value);
  }

  @GET @Path("epcs/{epc}/events") @Produces({EventsResource.LD_JSON, "application/json"})
  public Response epcEvents(@PathParam("epc") String value, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    return events(TopLevel.EPCS, value, uri, format);
  }

  @GET @Path("bizSteps") @Produces("application/json")
  public Response bizSteps(@Context UriInfo uri, @QueryParam("perPage") String perPage,
      @QueryParam("nextPageToken") String token) {
    return collection(TopLevel.BIZ_STEPS, uri, perPage, token);
  }

  @GET @Path("bizSteps/{bizStep}") @Produces("application/json")
  public Response bizStep(@PathParam("bizStep") String value) {
    return member(TopLevel.BIZ_STEPS, value);
  }

  @GET @Path("bizSteps/{bizStep}/events") @Produces({EventsResource.LD_JSON, "application/json"})
  public Response bizStepEvents(@PathParam("bizStep") String value, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    return events(TopLevel.BIZ_STEPS, value, uri, format);
  }

  @GET @Path("bizLocations") @Produces("application/json")
  public Response bizLocations(@Context UriInfo uri, @QueryParam("perPage") String perPage,
      @QueryParam("nextPageToken") String token) {
    return collection(TopLevel.BIZ_LOCATIONS, uri, perPage, token);
  }

  @GET @Path("bizLocations/{bizLocation}") @Produces("application/json")
  public Response bizLocation(@PathParam("bizLocation") String value) {
    return member(TopLevel.BIZ_LOCATIONS, value);
  }

  @GET @Path("bizLocations/{bizLocation}/events") @Produces({EventsResource.LD_JSON, "application/json"})
  public Response bizLocationEvents(@PathParam("bizLocation") String value, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    return events(TopLevel.BIZ_LOCATIONS, value, uri, format);
  }

  @GET @Path("readPoints") @Produces("application/json")
  public Response readPoints(@Context UriInfo uri, @QueryParam("perPage") String perPage,
      @QueryParam("nextPageToken") String token) {
    return collection(TopLevel.READ_POINTS, uri, perPage, token);
  }

  @GET @Path("readPoints/{readPoint}") @Produces("application/json")
  public Response readPoint(@PathParam("readPoint") String value) {
    return member(TopLevel.READ_POINTS, value);
  }

  @GET @Path("readPoints/{readPoint}/events") @Produces({EventsResource.LD_JSON, "application/json"})
  public Response readPointEvents(@PathParam("readPoint") String value, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    return events(TopLevel.READ_POINTS, value, uri, format);
  }

  @GET @Path("dispositions") @Produces("application/json")
  public Response dispositions(@Context UriInfo uri, @QueryParam("perPage") String perPage,
      @QueryParam("nextPageToken") String token) {
    return collection(TopLevel.DISPOSITIONS, uri, perPage, token);
  }

  @GET @Path("dispositions/{disposition}") @Produces("application/json")
  public Response disposition(@PathParam("disposition") String value) {
    return member(TopLevel.DISPOSITIONS, value);
  }

  @GET @Path("dispositions/{disposition}/events") @Produces({EventsResource.LD_JSON, "application/json"})
  public Response dispositionEvents(@PathParam("disposition") String value, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    return events(TopLevel.DISPOSITIONS, value, uri, format);
  }

  private Response collection(TopLevel resource, UriInfo uri, String perPageParam, String token) {
    for (String name : uri.getQueryParameters().keySet()) {
      if (!name.equals("perPage") && !name.equals("nextPageToken")) {
        throw new QueryParameterException(name, name + ": not a parameter of /" + resource.path()
            + "; want perPage or nextPageToken");
      }
    }
    int perPage = perPage(perPageParam);
    String after = token == null ? null : decode(token);
    List<String> values = queries.values(resource, after, perPage + 1);
    ObjectNode out = collection(values.subList(0, Math.min(perPage, values.size())));
    Response.ResponseBuilder r = versioned(Response.ok(out.toString()));
    if (values.size() > perPage) {
      String next = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(values.get(perPage - 1).getBytes(StandardCharsets.UTF_8));
      r.header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("perPage", perPage)
          .replaceQueryParam("nextPageToken", next).build() + ">; rel=\"next\"");
    }
    return r.build();
  }

  private Response member(TopLevel resource, String value) {
    if (!queries.holds(resource, value)) {
      throw QueryProblemMapper.notFound(resource.parameter(), resource.path() + ": got " + Quoted.of(value)
          + ", want a value some event holds (GET /" + resource.path() + " lists them)");
    }
    return versioned(Response.ok(collection(List.of("events")).toString())).build();
  }

  private Response events(TopLevel resource, String value, UriInfo uri, String format) {
    if (resource == TopLevel.EVENT_TYPES && !queries.holds(resource, value)) {
      throw QueryProblemMapper.notFound("eventType", "eventType: got " + Quoted.of(value)
          + ", want one of AggregationEvent, AssociationEvent, ObjectEvent, TransactionEvent, TransformationEvent");
    }
    return EventsResource.answer(queries.query(uri.getQueryParameters(true), resource.parameter(), value), uri,
        format);
  }

  static ObjectNode collection(List<String> members) {
    ObjectNode out = ProjectedEvent.JSON.createObjectNode();
    out.put("@context", CONTEXT);
    out.put("type", "Collection");
    ArrayNode m = out.putArray("member");
    members.forEach(m::add);
    return out;
  }

  static Response.ResponseBuilder versioned(Response.ResponseBuilder r) {
    return r.type("application/json").header("GS1-EPCIS-Version", "2.0.0").header("GS1-CBV-Version", "2.0.0");
  }

  private static int perPage(String v) {
    if (v == null) {
      return DEFAULT_PER_PAGE;
    }
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_PER_PAGE) {
      throw new QueryParameterException("perPage", "perPage: got " + Quoted.of(v) + ", want an integer from 1 to "
          + MAX_PER_PAGE);
    }
    return n;
  }

  private static String decode(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
      if (!s.isEmpty()) {
        return s;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new QueryParameterException("nextPageToken", "nextPageToken: got " + Quoted.of(token)
        + ", want the token of the previous page's next link");
  }
}
