package org.baytrace.tracking.node.waterbus;

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
 * The water-bus endpoints: {@code GET /v1/waterbus/voyages}, {@code .../voyages/{operator}/{number}}
 * (schedule and delays), {@code .../voyages/{operator}/{number}/utilisation},
 * {@code GET /v1/waterbus/containers/{number}} (journey) and the page
 * {@code GET /waterbus/voyages/{operator}/{number}} (English, simplified or traditional Chinese by {@code
 * ?lang=} or {@code Accept-Language}). Stateless per request.
 */
public final class WaterBusResource {
  private WaterBusResource() {}

  @Path("v1/waterbus")
  public static final class Api {
    @Inject WaterBusViews views;

    @GET
    @Path("voyages")
    @Produces(MediaType.APPLICATION_JSON)
    public ArrayNode voyages() {
      return views.voyages();
    }

    @GET
    @Path("voyages/{operator}/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode schedule(@PathParam("operator") String operator, @PathParam("number") String number) {
      return views.schedule(views.voyage(operator, number));
    }

    @GET
    @Path("voyages/{operator}/{number}/utilisation")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode utilisation(@PathParam("operator") String operator, @PathParam("number") String number) {
      return views.utilisation(views.voyage(operator, number));
    }

    @GET
    @Path("containers/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode journey(@PathParam("number") String number) {
      return views.journey(number);
    }
  }

  @Path("waterbus")
  public static final class Page {
    @Inject WaterBusViews views;

    @GET
    @Path("voyages/{operator}/{number}")
    @Produces(MediaType.TEXT_HTML + "; charset=utf-8")
    public Response voyage(@PathParam("operator") String operator, @PathParam("number") String number,
        @QueryParam("lang") String langParam, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
        @Context UriInfo uri) {
      Lang lang = Lang.choose(langParam, acceptLanguage);
      return PageLayout.ok(lang, VoyagePage.html(views.voyage(operator, number), lang, PageLayout.Frame.of(uri)),
          PageLayout.CSP);
    }
  }
}
