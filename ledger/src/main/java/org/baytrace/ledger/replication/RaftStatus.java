package org.baytrace.ledger.replication;

import java.util.List;
import java.util.Optional;

/**
 * What one member knows of its Raft group at a moment, for metrics, health and logs.
 *
 * @param self this member's id
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER (Ratis's role names)
 * @param term the current term
 * @param leader the member this one follows, if it knows one
 * @param lastLogIndex the last Raft log index this member holds
 * @param commitIndex the last index this member knows is committed
 * @param appliedIndex the last index applied to this member's ledger
 * @param followers as the leader sees them; empty unless this member leads
 */
public record RaftStatus(String self, String role, long term, Optional<String> leader, long lastLogIndex,
    long commitIndex, long appliedIndex, List<Follower> followers) {

  public RaftStatus {
    followers = List.copyOf(followers);
  }

  /** Entries committed but not yet applied here. */
  public long applyLag() {
    return Math.max(0, commitIndex - appliedIndex);
  }

  /**
   * A follower, as the leader sees it.
   *
   * @param id the follower's member id
   * @param matchIndex the last index the leader knows the follower holds
   * @param lastContactMillis milliseconds since the follower last answered the leader
   */
  public record Follower(String id, long matchIndex, long lastContactMillis) {}
}
