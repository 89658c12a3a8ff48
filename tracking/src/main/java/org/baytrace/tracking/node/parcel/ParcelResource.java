package org.baytrace.tracking.node.parcel;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.node.http.Problem;
import org.baytrace.tracking.node.pages.PageLayout;
import org.baytrace.tracking.node.resolver.ParcelPages;
import org.glassfish.grizzly.http.server.Request;

/**
 * The parcel routes: {@code GET /v1/parcels/{waybill}?code=} (JSON) and {@code GET
 * /parcels/{waybill}?code=} (the page). Both answer 404 with one text for an unknown waybill and
 * a wrong code, 400 for a waybill or code that cannot be one, and 429 with {@code Retry-After}
 * past {@link Parcels#PER_MINUTE} look-ups a minute from one address. Answers are not cached
 * ({@code no-store}) and send no referrer: the code is in the URL. Stateless per request.
 */
public final class ParcelResource {
  private ParcelResource() {}

  /** The outcome of one look-up: a parcel, a miss, or a wait (over the address's limit, or every derivation slot busy). */
  private record Lookup(Parcels.Found found, long retryAfterSeconds, boolean busy) {}

  private static Lookup lookup(Parcels parcels, Provider<Request> request, String waybill, String code) {
    Parcels.waybill(waybill); // 400 before a token is spent on what cannot be a parcel
    Parcels.code(code);
    Request r = request == null ? null : request.get();
    String address = r == null || r.getRemoteAddr() == null ? "" : r.getRemoteAddr();
    long wait = parcels.limit.take(address);
    if (wait > 0) {
      return new Lookup(null, wait, false);
    }
    Optional<Parcels.Found> found;
    try {
      found = parcels.find(waybill, code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(LedgerError.TOO_MANY_REQUESTS, "parcel look-up interrupted; retry");
    }
    if (found == null) {
      return new Lookup(null, 1, true);
    }
    return new Lookup(found.orElse(null), 0, false);
  }

  private static Response.ResponseBuilder privately(Response.ResponseBuilder b) {
    return b.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Referrer-Policy", "no-referrer");
  }

  /** JSON under {@code /v1/parcels}. */
  @Path("v1/parcels")
  public static final class Api {
    @Inject Parcels parcels;
    @Inject Provider<Request> request;

    @GET
    @Path("{waybill}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response parcel(@PathParam("waybill") String waybill, @QueryParam("code") String code) {
      Lookup l = lookup(parcels, request, waybill, code);
      if (l.retryAfterSeconds() > 0) {
        String detail = (l.busy() ? "every parcel look-up slot is busy" : "got more than " + Parcels.PER_MINUTE
            + " parcel look-ups a minute from this address (bursts of " + Parcels.BURST + ")") + "; retry after "
            + l.retryAfterSeconds() + " s";
        return privately(Response.status(429).type(Problem.MEDIA_TYPE).entity(new Problem(429,
            LedgerError.TOO_MANY_REQUESTS.name(), detail, "/v1/parcels/" + waybill, null).toJson()))
            .header("Retry-After", Long.toString(l.retryAfterSeconds())).build();
      }
      if (l.found() == null) {
        throw new LedgerException(LedgerError.NOT_FOUND, Parcels.NOT_FOUND);
      }
      return privately(Response.ok(parcels.json(l.found()), MediaType.APPLICATION_JSON_TYPE)).build();
    }
  }

  /** The page under {@code /parcels}, in the consumer page's languages and layout. */
  @Path("parcels")
  public static final class Page {
    @Inject Parcels parcels;
    @Inject Provider<Request> request;
    @Context UriInfo uri;
    @Context HttpHeaders headers;

    @GET
    @Path("{waybill}")
    @Produces(MediaType.TEXT_HTML + "; charset=utf-8")
    public Response parcel(@PathParam("waybill") String waybill, @QueryParam("code") String code,
        @QueryParam("lang") String lang) {
      String accept = headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE);
      Lookup l;
      try {
        l = lookup(parcels, request, waybill, code);
      } catch (LedgerException e) {
        if (e.error() != LedgerError.INVALID_ARGUMENT) {
          throw e;
        }
        return page(400, ParcelPages.badInput(lang, accept, PageLayout.Frame.of(uri)));
      }
      if (l.retryAfterSeconds() > 0) {
        return Response.fromResponse(page(429, ParcelPages.tooMany(lang, accept, PageLayout.Frame.of(uri), l.retryAfterSeconds())))
            .header("Retry-After", Long.toString(l.retryAfterSeconds())).build();
      }
      if (l.found() == null) {
        return page(404, ParcelPages.notFound(lang, accept, PageLayout.Frame.of(uri)));
      }
      Parcels.Found f = l.found();
      return page(200, ParcelPages.found(lang, accept, PageLayout.Frame.of(uri), f.waybill(), f.code(), f.parcel(),
          parcels.names()));
    }

    private static Response page(int status, ParcelPages.Page p) {
      return privately(Response.status(status).type("text/html; charset=utf-8").entity(p.html()))
          .header(HttpHeaders.CONTENT_LANGUAGE, p.languageTag()).header(HttpHeaders.VARY, "Accept-Language")
          .header("Content-Security-Policy", ParcelPages.csp()).build();
    }
  }
}
