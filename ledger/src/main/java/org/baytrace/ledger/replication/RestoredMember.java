package org.baytrace.ledger.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageMetadata;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.baytrace.api.ledger.v1.MemberQuery;
import org.baytrace.api.ledger.v1.TransferReply;
import org.baytrace.api.ledger.v1.TransferRequest;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * The start of a member whose ledger was restored from its own backup: before its Raft server
 * runs, it asks the other members (over the members' mutual TLS, read-only) for their root at
 * its size and for their current term.
 *
 * <ul>
 *   <li><b>Prefix.</b> Every member that holds as many entries must have the restored store's
 *       root at that size, or the backup is not of this cluster's history (another cluster's,
 *       another ledger's, a diverged copy) and the member does not start: applying the cluster's
 *       entries on top of it would sign trees the cluster never signed.
 *   <li><b>Converge before signing.</b> The ledger then serves no checkpoint (so cosigns none)
 *       until it holds the largest tree a member reported, with the same root
 *       ({@link Ledger#awaitTree}).
 *   <li><b>One vote per term.</b> The backup holds no Raft state, and an empty one (term 0, no
 *       vote) could vote a second time in a term it voted in before the loss. A vote that helped
 *       elect a leader was given together with a majority, each of whose other members is in
 *       that term or later; asking at least half of the group (rounded up) besides itself
 *       reaches one of them. The member's Raft storage is made with the highest term they
 *       report, voted (for itself) in it: it votes only in later terms. A vote for a candidate
 *       that was not elected counted only while that election ran, which a restore outlasts.
 * </ul>
 */
final class RestoredMember {
  private static final Logger LOG = Logger.getLogger(RestoredMember.class.getName());
  private static final long ASK_EVERY_MS = 1_000;

  /** What the others said: the largest tree one of them holds, and the highest term they are in. */
  record Found(String member, Checkpoint tree, long highestTerm, int answered) {}

  private RestoredMember() {}

  /**
   * Asks the other members of {@code group} until enough answered (see the class comment) or
   * {@code within} passed.
   *
   * @throws LedgerException CHECKPOINT_CONFLICT if the store is not a prefix of a member's
   *     ledger, or no member holds as many entries; UNAVAILABLE if too few members answered
   */
  static Found check(Ledger ledger, RaftGroup group, RaftPeerId self, Parameters parameters, Duration within) {
    TreeHead head = ledger.head();
    List<RaftPeerId> others = new ArrayList<>();
    for (RaftPeer p : group.getPeers()) {
      if (!p.getId().equals(self)) {
        others.add(p.getId());
      }
    }
    int needed = (others.size() + 2) / 2; // at least half the group, rounded up, besides this member
    Map<RaftPeerId, TransferReply> answers = new LinkedHashMap<>();
    long deadline = System.nanoTime() + within.toNanos();
    byte[] ask = MemberQuery.newBuilder().setTransfer(TransferRequest.newBuilder().setFromSize(head.size()).setToSize(0)
        .setMaxEntries(1)).build().toByteArray();
    try (RaftClient client = ReplicatedLedger.queriesClient(parameters, group)) {
      while (answers.size() < needed) {
        for (RaftPeerId peer : others) {
          if (!answers.containsKey(peer)) {
            TransferReply reply = askOne(client, peer, ask);
            if (reply != null) {
              checkPrefix(ledger.origin(), head, peer, reply);
              answers.put(peer, reply);
            }
          }
        }
        if (answers.size() >= needed) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new LedgerException(LedgerError.CATCHING_UP, "this member was restored from a backup and must learn from"
              + " at least " + needed + " of the other members " + others + " that its " + head.size() + " entries are a"
              + " prefix of their ledger and which Raft term they are in before it takes part (so that it never votes"
              + " twice in one term); only " + answers.keySet() + " answered within " + within.toSeconds() + " s. Start it"
              + " again once they run");
        }
        TimeUnit.MILLISECONDS.sleep(ASK_EVERY_MS);
      }
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot ask the other members: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(LedgerError.CLOSED, "interrupted while asking the other members");
    }
    RaftPeerId largest = null;
    long term = 0;
    for (Map.Entry<RaftPeerId, TransferReply> a : answers.entrySet()) {
      term = Math.max(term, a.getValue().getCurrentTerm());
      if (largest == null || a.getValue().getToSize() > answers.get(largest).getToSize()) {
        largest = a.getKey();
      }
    }
    TransferReply best = answers.get(largest);
    if (best.getToSize() < head.size()) {
      throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "this member's restored store holds " + head.size()
          + " entries (root " + head.root().hex() + "), more than any member that answered holds (" + largest + ": "
          + best.getToSize() + "): the backup is not of this cluster's history. The member does not start; nothing was"
          + " changed. Restore a backup of this member, or re-seed it (baytrace reseed, docs/OPERATIONS.md)");
    }
    Checkpoint tree = new Checkpoint(ledger.origin(), best.getToSize(), Hash32.of(best.getRoot().toByteArray()));
    return new Found(largest.toString(), tree, term, answers.size());
  }

  private static TransferReply askOne(RaftClient client, RaftPeerId peer, byte[] ask) {
    try {
      RaftClientReply reply = client.io().sendStaleRead(Message.valueOf(UnsafeByteOperations.unsafeWrap(ask)), 0, peer);
      return reply.isSuccess() ? TransferReply.parseFrom(reply.getMessage().getContent().toByteArray()) : null;
    } catch (IOException | RuntimeException e) {
      LOG.fine("restored member: " + peer + " did not answer: " + e);
      return null; // down or starting: asked again
    }
  }

  private static void checkPrefix(String origin, TreeHead head, RaftPeerId peer, TransferReply reply) {
    if (reply.getToSize() < head.size()) {
      return; // that member holds fewer entries: nothing to compare (another may hold them)
    }
    if (!Hash32.of(reply.getRootAtFrom().toByteArray()).equals(head.root())) {
      throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "this member's restored store is not a prefix of the"
          + " cluster's ledger " + origin + ": at size " + head.size() + " its root is " + head.root().hex() + ", member "
          + peer + "'s is " + Hash32.of(reply.getRootAtFrom().toByteArray()).hex() + ". The backup is not of this"
          + " cluster's history (another cluster's, or a copy that diverged), and taking the cluster's entries on top of"
          + " it would sign trees the cluster never signed: the member does not start and nothing was changed. Restore"
          + " a backup of this member, or re-seed it (baytrace reseed, docs/OPERATIONS.md)");
    }
  }

  /**
   * Makes the Raft storage of a group this member has none of, in {@code groupDir}: in
   * {@code term}, having voted (for itself) in it, so that it votes only in later terms.
   */
  static void formatAfter(Path groupDir, long term, RaftPeerId self) throws IOException {
    if (Files.exists(groupDir)) {
      throw new IllegalStateException(groupDir + " exists: a restored member keeps the Raft term and vote it has");
    }
    try (RaftStorage storage = RaftStorage.newBuilder().setDirectory(groupDir.toFile())
        .setOption(RaftStorage.StartupOption.FORMAT)
        .setStorageFreeSpaceMin(RaftServerConfigKeys.STORAGE_FREE_SPACE_MIN_DEFAULT)
        .setLogCorruptionPolicy(RaftServerConfigKeys.Log.CorruptionPolicy.getDefault()).build()) {
      storage.initialize();
      storage.getMetadataFile().persist(RaftStorageMetadata.valueOf(term, self));
    }
  }
}
