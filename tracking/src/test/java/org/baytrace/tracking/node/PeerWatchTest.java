package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.replication.RaftStatus;
import org.junit.jupiter.api.Test;

/** The cluster log: one line when a peer is lost, one when it rejoins, one when it has caught up. */
class PeerWatchTest {
  private final List<String> lines = new ArrayList<>();
  private final PeerWatch watch = new PeerWatch(lines::add);

  private static Optional<RaftStatus> leader(long lastIndex, RaftStatus.Follower... followers) {
    return Optional.of(new RaftStatus("a", "LEADER", 3, Optional.of("a"), lastIndex, lastIndex, lastIndex, List.of(followers)));
  }

  @Test
  void peerLost_rejoined_caughtUp_oneLineEach_andNothingWhileAllIsWell() {
    watch.observe(leader(100, new RaftStatus.Follower("b", 100, 50)));
    watch.observe(leader(110, new RaftStatus.Follower("b", 110, 200)));
    assertEquals(List.of(), lines, "all is well: nothing to say");
    watch.observe(leader(120, new RaftStatus.Follower("b", 110, 3_500)));
    watch.observe(leader(130, new RaftStatus.Follower("b", 110, 4_500)));
    watch.observe(leader(140, new RaftStatus.Follower("b", 110, 9_000)));
    assertEquals(List.of("peer b lost: no answer to the leader for 3 s"), lines, "one line however long it stays away");
    watch.observe(leader(150, new RaftStatus.Follower("b", 120, 100)));
    watch.observe(leader(160, new RaftStatus.Follower("b", 150, 100)));
    watch.observe(leader(170, new RaftStatus.Follower("b", 170, 100)));
    watch.observe(leader(180, new RaftStatus.Follower("b", 180, 100)));
    assertEquals(List.of("peer b lost: no answer to the leader for 3 s", "peer b rejoined at index 120 (leader at 150)",
        "peer b has caught up (index 170)"), lines);
  }

  @Test
  void leaderLost_andANewLeader_onAFollower() {
    RaftStatus following = new RaftStatus("b", "FOLLOWER", 3, Optional.of("a"), 10, 10, 10, List.of());
    watch.observe(Optional.of(following));
    watch.observe(Optional.of(new RaftStatus("b", "CANDIDATE", 4, Optional.empty(), 10, 10, 10, List.of())));
    watch.observe(Optional.of(new RaftStatus("b", "CANDIDATE", 5, Optional.empty(), 10, 10, 10, List.of())));
    watch.observe(Optional.of(new RaftStatus("b", "FOLLOWER", 5, Optional.of("c"), 10, 10, 10, List.of())));
    assertEquals(List.of("leader a lost; member b waits for an election (term 4)", "leader is now c (term 5)"), lines);
  }
}
