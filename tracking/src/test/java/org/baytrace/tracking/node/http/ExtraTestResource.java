package org.baytrace.tracking.node.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource added through the extension hook, as EPCIS capture will be. */
@Path("/test")
public final class ExtraTestResource {
  public record Echo(String text, int n) {}

  @GET
  @Path("boom")
  public String boom() {
    throw new IllegalStateException("secret internal detail");
  }

  @GET
  @Path("boom/{waybill}")
  public String boomAt(@PathParam("waybill") String waybill) {
    throw new IllegalStateException("failed");
  }

  @POST
  @Path("echo")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Echo echo(Echo in) {
    return new Echo(in.text() + "!", in.n() + 1);
  }
}
