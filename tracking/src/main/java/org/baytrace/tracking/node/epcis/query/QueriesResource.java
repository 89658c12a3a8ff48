package org.baytrace.tracking.node.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;
import org.baytrace.tracking.node.http.Caller;

/**
 * Named queries of the EPCIS 2.0 REST binding, per organisation ({@code CallerFilter}
 * authenticates every {@code /queries} request): {@code POST /queries} ({@code {"name", "query"}};
 * 201 with {@code Location}; 409 if the caller has that name), {@code GET /queries}, {@code GET
 * /queries/{queryName}}, {@code DELETE /queries/{queryName}} (204), and {@code GET
 * /queries/{queryName}/events} (the query's events, paged with {@code perPage} and {@code
 * nextPageToken}; other parameters are the query's own). Another org's query is 404. Created per
 * request; thread-safe.
 */
@Path("queries")
public final class QueriesResource {
  private static final int MAX_BODY = 64 * 1024;

  private final EpcisQueries queries;
  @Context private SecurityContext security;

  @Inject
  public QueriesResource(EpcisQueries queries) {
    this.queries = queries;
  }

  private String org() {
    Caller caller = security == null ? null : Caller.of(security.getUserPrincipal());
    if (caller == null) {
      throw QueryProblemMapper.problem(401, "SecurityException", "UNAUTHENTICATED", null,
          "this server authenticates no caller, so it keeps no named queries");
    }
    return caller.org();
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces("application/json")
  public Response create(@Context HttpHeaders headers, InputStream body) {
    MediaType type = headers.getMediaType();
    if (type == null || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
        || (type.getType().equals("application") && type.getSubtype().equals("ld+json")))) {
      throw QueryProblemMapper.problem(415, "UnsupportedMediaTypeException", "UNSUPPORTED_MEDIA_TYPE", "Content-Type",
          "Content-Type: got " + Quoted.of(String.valueOf(type)) + ", want application/json");
    }
    JsonNode definition;
    try {
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw QueryProblemMapper.invalid("body", "body: more than " + MAX_BODY + " bytes, want a query definition");
      }
      definition = ProjectedEvent.JSON.readTree(bytes);
    } catch (IOException e) {
      throw QueryProblemMapper.invalid("body", "body: not JSON: " + e.getMessage());
    }
    ObjectNode created = queries.namedQueries().create(org(), definition);
    return TopLevelResource.versioned(Response.created(URI.create("queries/"
        + EventsResourcePaths.segment(created.path("name").asText())))).entity(created.toString()).build();
  }

  @GET
  @Produces("application/json")
  public Response list() {
    ArrayNode out = ProjectedEvent.JSON.createArrayNode();
    queries.namedQueries().list(org()).forEach(out::add);
    return TopLevelResource.versioned(Response.ok(out.toString())).build();
  }

  @GET
  @Path("{queryName}")
  @Produces("application/json")
  public Response get(@PathParam("queryName") String name) {
    return TopLevelResource.versioned(Response.ok(own(name).toString())).build();
  }

  @DELETE
  @Path("{queryName}")
  public Response delete(@PathParam("queryName") String name) {
    if (!queries.namedQueries().delete(org(), name)) {
      throw notFound(name);
    }
    return Response.noContent().build();
  }

  @GET
  @Path("{queryName}/events")
  @Produces({EventsResource.LD_JSON, "application/json"})
  public Response events(@PathParam("queryName") String name, @Context UriInfo uri,
      @HeaderParam(EpcisProtocolFilter.EPC_FORMAT) String format) {
    ObjectNode definition = own(name);
    Map<String, List<String>> parameters = new java.util.LinkedHashMap<>(
        NamedQueries.parameters(definition.path("query")));
    for (Map.Entry<String, List<String>> e : uri.getQueryParameters(true).entrySet()) {
      if (!e.getKey().equals("perPage") && !e.getKey().equals("nextPageToken")) {
        throw new QueryParameterException(e.getKey(), e.getKey() + ": the query " + Quoted.of(name)
            + " defines its parameters; want only perPage or nextPageToken here");
      }
      parameters.put(e.getKey(), e.getValue());
    }
    return EventsResource.answer(queries.query(parameters), uri, format);
  }

  private ObjectNode own(String name) {
    return queries.namedQueries().get(org(), name).orElseThrow(() -> notFound(name));
  }

  private static jakarta.ws.rs.WebApplicationException notFound(String name) {
    return QueryProblemMapper.notFound("queryName", "queryName: got " + Quoted.of(name)
        + ", want the name of one of your named queries (GET /queries lists them)");
  }
}
