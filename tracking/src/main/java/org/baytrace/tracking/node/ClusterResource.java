package org.baytrace.tracking.node;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.replication.ReplicatedLedger;

/**
 * {@code GET /v1/cluster}: what this member of a cluster knows of it, for operators and tests:
 * its id, the leader it follows, the members, the last Raft index it applied, its tree size and
 * the newest checkpoint size a quorum cosigned. Read-only; thread-safe.
 */
@Path("v1/cluster")
public final class ClusterResource {

  private final ReplicatedLedger replicated;
  private final Ledger ledger;

  ClusterResource(ReplicatedLedger replicated, Ledger ledger) {
    this.replicated = replicated;
    this.ledger = ledger;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("self", replicated.self());
    s.put("leader", replicated.leaderId().orElse(null));
    s.put("members", List.copyOf(replicated.memberIds())); // the Raft configuration as this member applies it
    s.put("appliedIndex", replicated.appliedIndex());
    s.put("treeSize", ledger.head().size());
    s.put("cosignedSize", ledger.cosignedSize());
    return Response.ok(s).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
  }
}
