package org.baytrace.tracking.node.epcis.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import org.baytrace.tracking.node.epcis.query.QueryProblemMapper;
import org.baytrace.tracking.node.http.Caller;

/**
 * Webhook subscriptions of the EPCIS 2.0 REST binding, per organisation ({@code CallerFilter}
 * authenticates every {@code /queries} request): {@code POST /queries/{queryName}/subscriptions}
 * ({@code dest}, {@code signatureToken}, {@code reportIfEmpty}, {@code stream: true} or {@code
 * schedule}, {@code initialRecordTime}; 201 with {@code Location}; the token is never shown
 * again), {@code GET /queries/{queryName}/subscriptions}, {@code GET …/subscriptions/{subscriptionID}}
 * (with the last deliveries and failures) and {@code DELETE …/subscriptions/{subscriptionID}}
 * (204). Another organisation's query or subscription is 404. Created per request; thread-safe.
 */
@Path("queries/{queryName}/subscriptions")
public final class SubscriptionsResource {
  private static final int MAX_BODY = 16 * 1024;

  private final Subscriptions subscriptions;
  @Context private SecurityContext security;

  @Inject
  public SubscriptionsResource(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  private String org() {
    Caller caller = security == null ? null : Caller.of(security.getUserPrincipal());
    if (caller == null) {
      throw QueryProblemMapper.problem(401, "SecurityException", "UNAUTHENTICATED", null,
          "this server authenticates no caller, so it keeps no subscriptions");
    }
    return caller.org();
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces("application/json")
  public Response create(@PathParam("queryName") String queryName, @Context HttpHeaders headers, InputStream body) {
    MediaType type = headers.getMediaType();
    if (type == null || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
        || (type.getType().equals("application") && type.getSubtype().equals("ld+json")))) {
      throw QueryProblemMapper.problem(415, "UnsupportedMediaTypeException", "UNSUPPORTED_MEDIA_TYPE", "Content-Type",
          "Content-Type: got " + Quoted.of(String.valueOf(type)) + ", want application/json");
    }
    String org = org();
    JsonNode definition;
    try {
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw SubscriptionException.invalid("body", "body: more than " + MAX_BODY + " bytes, want a subscription");
      }
      definition = ProjectedEvent.JSON.readTree(bytes);
    } catch (IOException e) {
      throw SubscriptionException.invalid("body", "body: not JSON: " + e.getMessage());
    }
    ObjectNode created = subscriptions.create(org, queryName, definition);
    URI location = UriBuilder.fromPath("queries/{q}/subscriptions/{id}").build(queryName,
        created.path("subscriptionID").asText());
    return versioned(Response.created(location)).entity(created.toString()).build();
  }

  @GET
  @Produces("application/json")
  public Response list(@PathParam("queryName") String queryName) {
    ArrayNode out = ProjectedEvent.JSON.createArrayNode();
    subscriptions.list(org(), queryName).forEach(out::add);
    return versioned(Response.ok(out.toString())).build();
  }

  @GET
  @Path("{subscriptionID}")
  @Produces("application/json")
  public Response get(@PathParam("queryName") String queryName, @PathParam("subscriptionID") String id) {
    ObjectNode s = subscriptions.get(org(), queryName, id).orElseThrow(() -> notFound(queryName, id));
    return versioned(Response.ok(s.toString())).build();
  }

  @DELETE
  @Path("{subscriptionID}")
  public Response delete(@PathParam("queryName") String queryName, @PathParam("subscriptionID") String id) {
    if (!subscriptions.delete(org(), queryName, id)) {
      throw notFound(queryName, id);
    }
    return Response.noContent().build();
  }

  private static Response.ResponseBuilder versioned(Response.ResponseBuilder r) {
    return r.type("application/json").header("GS1-EPCIS-Version", "2.0.0").header("GS1-CBV-Version", "2.0.0");
  }

  private static jakarta.ws.rs.WebApplicationException notFound(String queryName, String id) {
    return SubscriptionException.notFound("subscriptionID", "subscriptionID: got " + Quoted.of(id)
        + ", want the id of one of your subscriptions to " + Quoted.of(queryName)
        + " (GET /queries/" + queryName + "/subscriptions lists them)");
  }
}
