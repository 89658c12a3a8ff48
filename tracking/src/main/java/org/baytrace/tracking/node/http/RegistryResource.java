package org.baytrace.tracking.node.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.registry.RegistryJson;

/**
 * {@code GET /v1/registry}: the registry in force (organisations, keys with their validity
 * indexes, members, policy table, governance threshold, the index of each change), or with
 * {@code ?atIndex=N} the registry as it stood once entry N was applied. Public, like the
 * ledger's read API: the registry is what verifiers judge records by. Thread-safe.
 */
@Path("v1/registry")
public final class RegistryResource {
  private final GovernanceRule governance;
  private final Ledger ledger;

  public RegistryResource(GovernanceRule governance, Ledger ledger) {
    this.governance = governance;
    this.ledger = ledger;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response registry(@Context UriInfo uri) {
    String raw = Params.single(uri.getQueryParameters(), "atIndex");
    long size = ledger.head().size();
    long at = size - 1;
    if (raw != null) {
      at = Params.nonNegative("atIndex", raw);
      if (at >= size) {
        throw Params.invalid("atIndex", "atIndex: got " + at + ", want 0 <= atIndex < " + size + " (the tree size)");
      }
    }
    return Response.ok(RegistryJson.of(governance.state(), at, ledger.origin()))
        .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
  }
}
