package org.baytrace.ledger.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Collects the other members' signatures on this node's checkpoints (DESIGN §3.3, §5). Every
 * member signs the checkpoint of the tree it computed itself; this node asks each peer for its
 * note of the same size and adds the peer's signature line only if the peer signed exactly the
 * same text (origin, size and root) with the key the registry lists for it. A member that
 * holds a different root therefore never gets its signature onto this node's checkpoint, and a
 * client that demands k of n signatures trusts a root only when k members computed it. Which
 * members count at a size, and how many make a quorum, is the registry's word at that size
 * ({@link MembersAt}): a removed member's signature no longer counts.
 *
 * <p>Before publishing a newer cosigned checkpoint the node checks that its own tree at the new
 * size is consistent with the last one it published (RFC 9162 consistency proof), so a served
 * checkpoint never contradicts an earlier one.
 *
 * <p>{@link #round} is called from one thread at a time (a scheduler); reads are thread-safe.
 */
public final class Cosigner {
  private static final Logger LOG = Logger.getLogger(Cosigner.class.getName());

  /** Fetches a peer's own signed note for a tree size; empty if it cannot (yet) give one. */
  @FunctionalInterface
  public interface PeerNotes {
    CompletableFuture<Optional<String>> noteAt(String peerId, long treeSize);
  }

  /**
   * The members whose signatures count on a checkpoint of some tree size, by member id (this
   * node's own id included if it is one): the members the registry in force at that size lists.
   */
  @FunctionalInterface
  public interface MembersAt {
    Map<String, NoteVerifier> at(long treeSize);
  }

  /** Who counts at one size: the other members, whether this node is one, and how many signatures make a quorum. */
  private record Roster(Map<String, NoteVerifier> others, boolean selfCounts, int quorum) {
    int size() {
      return others.size() + (selfCounts ? 1 : 0);
    }
  }

  private final Ledger ledger;
  private final String self;
  private final MembersAt members;
  private final PeerNotes fetch;
  private final int fixedQuorum; // 0: a majority of the members at each size
  private long target = -1;       // the size this round cosigns: last round's head
  private long published = -1;    // the newest size published with a quorum of signatures
  private Hash32 publishedRoot;

  /**
   * A fixed group.
   *
   * @param peers the other members' checkpoint verifier keys, by member id
   * @param quorum signatures (this node's included) a checkpoint needs before it is served as
   *     cosigned; a majority of the members
   */
  public Cosigner(Ledger ledger, Map<String, NoteVerifier> peers, PeerNotes fetch, int quorum) {
    this(ledger, fixed(ledger, peers), fetch, quorum);
  }

  /**
   * A group whose members change (the registry in the ledger): a checkpoint of size {@code n}
   * counts the signatures of the members in force once entry {@code n - 1} was applied, and
   * needs a majority of them. A member removed before that size no longer counts; a member added
   * counts from the size after the record that added it.
   */
  public Cosigner(Ledger ledger, MembersAt members, PeerNotes fetch) {
    this(ledger, members, fetch, 0);
  }

  private Cosigner(Ledger ledger, MembersAt members, PeerNotes fetch, int fixedQuorum) {
    this.ledger = ledger;
    this.self = ledger.verifierKey().name();
    this.members = members;
    this.fetch = fetch;
    this.fixedQuorum = fixedQuorum;
  }

  private static MembersAt fixed(Ledger ledger, Map<String, NoteVerifier> peers) {
    Map<String, NoteVerifier> all = new java.util.HashMap<>(peers);
    all.put(ledger.verifierKey().name(), ledger.verifierKey());
    Map<String, NoteVerifier> copy = Map.copyOf(all);
    return size -> copy;
  }

  private Roster rosterAt(long size) {
    Map<String, NoteVerifier> all = members.at(size);
    Map<String, NoteVerifier> others = new java.util.TreeMap<>(all);
    boolean selfCounts = others.remove(self) != null;
    int n = others.size() + (selfCounts ? 1 : 0);
    return new Roster(others, selfCounts, fixedQuorum > 0 ? fixedQuorum : n / 2 + 1);
  }

  /**
   * One round: cosigns the size this node had at the previous round (the other members have
   * usually applied it by now), then remembers the current size for the next round.
   */
  public void round() throws InterruptedException {
    long size = target;
    target = ledger.head().size();
    if (size > 0 && size > published) {
      Roster roster = rosterAt(size);
      if (cosign(size, roster) >= roster.quorum()) {
        publish(size);
      }
    } else if (published > 0) {
      cosign(published, rosterAt(published)); // members that were down or late add their signatures while it is served
    }
  }

  /** Asks the members whose signature the stored note for {@code size} lacks; returns how many members signed it. */
  private int cosign(long size, Roster roster) throws InterruptedException {
    SignedNote own = parse(ledger.checkpointAt(size));
    if (countMembers(own, roster) == roster.size()) {
      return roster.size();
    }
    List<CompletableFuture<Optional<String>>> asked = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String id : roster.others().keySet()) {
      if (!signedBy(own, roster.others().get(id))) {
        ids.add(id);
        asked.add(fetch.noteAt(id, size));
      }
    }
    SignedNote merged = own;
    for (int i = 0; i < ids.size(); i++) {
      Optional<String> note;
      try {
        note = asked.get(i).get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        continue; // unreachable or slow: try again next round
      }
      if (note.isPresent()) {
        merged = addIfAgrees(merged, ids.get(i), note.get(), roster.others().get(ids.get(i)));
      }
    }
    if (merged != own) {
      ledger.storeCosigned(size, merged.format());
    }
    return countMembers(merged, roster);
  }

  /** The members at that size who signed {@code note}: this node if it is one, and the others whose key signed. */
  private static int countMembers(SignedNote note, Roster roster) {
    int n = roster.selfCounts() ? 1 : 0; // this node's own signature is always on its note
    for (NoteVerifier v : roster.others().values()) {
      if (signedBy(note, v)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The peer's signature, added to {@code note} only if the peer signed the same text with its
   * configured key; otherwise {@code note} unchanged.
   */
  static SignedNote addIfAgrees(SignedNote note, String peerId, String peerNote, NoteVerifier peerKey) {
    SignedNote theirs;
    try {
      theirs = SignedNote.parse(peerNote);
    } catch (VerificationException e) {
      LOG.warning("member " + peerId + " sent an unreadable checkpoint: " + e.getMessage());
      return note;
    }
    if (!theirs.text().equals(note.text())) {
      LOG.warning("member " + peerId + " signed a different checkpoint for this size: " + firstLines(theirs.text())
          + " (this node: " + firstLines(note.text()) + "); not cosigned");
      return note;
    }
    List<SignedNote.Signature> byPeer = theirs.signatures().stream()
        .filter(s -> peerKey.matches(s.name(), s.keyHash())).toList();
    for (SignedNote.Signature s : byPeer) {
      try {
        peerKey.verify(theirs.text(), s.signature());
        return note.merge(SignedNote.of(theirs.text(), line(s)));
      } catch (VerificationException e) {
        LOG.warning("member " + peerId + "'s checkpoint signature does not verify: " + e.getMessage());
      }
    }
    return note;
  }

  private void publish(long size) {
    Hash32 root = ledger.rootAt(size);
    if (published > 0) {
      List<byte[]> proof = ledger.consistencyProof(published, size).stream().map(Hash32::toByteArray).toList();
      try {
        MerkleVerifier.verifyConsistency(published, size, publishedRoot, root, proof);
      } catch (VerificationException e) {
        LOG.severe("this node's tree at size " + size + " is not consistent with its checkpoint at size " + published
            + ": " + e.getMessage() + "; not publishing");
        return;
      }
    }
    published = size;
    publishedRoot = root;
    ledger.markCosigned(size);
  }

  /** The newest size served with a quorum of members' signatures; -1 before the first. */
  public long publishedSize() {
    return published;
  }

  private static boolean signedBy(SignedNote note, NoteVerifier key) {
    return note.signatures().stream().anyMatch(s -> key.matches(s.name(), s.keyHash()));
  }

  private static SignedNote parse(String note) {
    try {
      return SignedNote.parse(note);
    } catch (VerificationException e) {
      throw new IllegalStateException("this node's own checkpoint does not parse: " + e.getMessage(), e);
    }
  }

  private static String line(SignedNote.Signature s) {
    byte[] both = new byte[s.keyHash().length + s.signature().length];
    System.arraycopy(s.keyHash(), 0, both, 0, s.keyHash().length);
    System.arraycopy(s.signature(), 0, both, s.keyHash().length, s.signature().length);
    return SignedNote.SIGNATURE_PREFIX + s.name() + " " + java.util.Base64.getEncoder().encodeToString(both) + "\n";
  }

  private static String firstLines(String text) {
    return text.strip().replace('\n', ' ');
  }
}
