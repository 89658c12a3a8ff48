package org.baytrace.tracking.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.registry.GovernanceRecords;
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
 * ledger's read API: the registry is what verifiers judge records by. {@code evidence.receipts}
 * holds the receipt of every governance record it is made of, so a saved copy can be checked
 * offline against trusted checkpoints ({@code baytrace verify --registry}). Thread-safe.
 */
@Path("v1/registry")
public final class RegistryResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_GOVERNANCE_RECORDS = 100_000;

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
    Map<String, Object> json = new LinkedHashMap<>(RegistryJson.of(governance.state(), at, ledger.origin()));
    json.put("evidence", Map.of("receipts", receipts(at)));
    return Response.ok(json).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
  }

  /**
   * The receipt of every governance record up to {@code at}, against the served checkpoint: what
   * {@code baytrace verify --registry} checks the registry against, offline.
   */
  private List<Object> receipts(long at) {
    List<Object> out = new ArrayList<>();
    for (StoredEntry e : ledger.subjectHistory(GovernanceRecords.SUBJECT, 0, MAX_GOVERNANCE_RECORDS)) {
      if (e.index() > at) {
        break;
      }
      try {
        out.add(JSON.readValue(ledger.receipt(e.index(), 0).toJson(), Map.class));
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException("a receipt's own JSON always parses", ex);
      }
    }
    return out;
  }
}
