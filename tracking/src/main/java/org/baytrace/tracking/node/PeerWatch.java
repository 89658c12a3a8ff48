package org.baytrace.tracking.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.baytrace.ledger.replication.RaftStatus;

/**
 * Turns a member's Raft status, sampled about once a second, into one log line per change an
 * operator cares about: on the leader, a peer lost (no answer for {@link #LOST_AFTER_MILLIS}),
 * the same peer rejoined, and once it has caught up; on any member, the leader lost and a leader
 * known again. Nothing while all is well, and never a stack trace. Not thread-safe: one caller.
 */
final class PeerWatch {
  static final long LOST_AFTER_MILLIS = 3_000;

  private enum State { UP, LOST, CATCHING_UP }

  private final Consumer<String> log;
  private final Map<String, State> peers = new HashMap<>();
  private Optional<String> leader = Optional.empty();
  private boolean hadLeader;

  PeerWatch(Consumer<String> log) {
    this.log = log;
  }

  void observe(Optional<RaftStatus> sample) {
    if (sample.isEmpty()) {
      return;
    }
    RaftStatus s = sample.get();
    if (s.leader().isEmpty() && hadLeader) {
      log.accept("leader " + leader.orElse("?") + " lost; member " + s.self() + " waits for an election (term " + s.term() + ")");
      hadLeader = false;
    } else if (s.leader().isPresent() && (!hadLeader || !s.leader().equals(leader))) {
      if (hadLeader || leader.isPresent()) {
        log.accept("leader is now " + s.leader().get() + " (term " + s.term() + ")");
      }
      hadLeader = true;
    }
    leader = s.leader().isPresent() ? s.leader() : leader;
    if (!"LEADER".equals(s.role())) {
      peers.clear(); // only a leader sees its followers; start afresh when leading again
      return;
    }
    for (RaftStatus.Follower f : s.followers()) {
      State before = peers.getOrDefault(f.id(), State.UP);
      boolean silent = f.lastContactMillis() > LOST_AFTER_MILLIS;
      State now = before;
      if (silent && before != State.LOST) {
        log.accept("peer " + f.id() + " lost: no answer to the leader for " + f.lastContactMillis() / 1000 + " s");
        now = State.LOST;
      } else if (!silent && before == State.LOST) {
        log.accept("peer " + f.id() + " rejoined at index " + f.matchIndex() + " (leader at " + s.lastLogIndex() + ")");
        now = State.CATCHING_UP;
      }
      if (now == State.CATCHING_UP && f.matchIndex() >= s.commitIndex()) {
        log.accept("peer " + f.id() + " has caught up (index " + f.matchIndex() + ")");
        now = State.UP;
      }
      peers.put(f.id(), now);
    }
  }
}
