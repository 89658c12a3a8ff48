package org.baytrace.ledger.witness;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.verify.VerificationException;

/**
 * A witness for other ledgers (C2SP tlog-witness {@code add-checkpoint}): for each log it knows
 * (origin and log keys) it keeps the latest checkpoint it cosigned, and cosigns a new one only if
 * the log signed it and a consistency proof from that checkpoint verifies. It never cosigns a
 * checkpoint inconsistent with one it cosigned: the check and the durable update of its state
 * happen under one lock, and the state is synced to disk before the cosignature is returned.
 *
 * <p>Answers are the spec's: 404 unknown origin, 403 no trusted log signature, 400 malformed or
 * old size above the checkpoint's, 409 (with the known size, {@code text/x.tlog.size}) when the
 * old size is not the one it cosigned last or a same-size root differs, 422 when the proof fails,
 * 200 with the cosignature line. Thread-safe.
 */
public final class Witness {
  /** Content type of a 409 answer's body: the size the witness last cosigned. */
  public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

  /** One answer to an add-checkpoint request. */
  public record Answer(int status, String contentType, String body) {
    static Answer text(int status, String body) {
      return new Answer(status, "text/plain; charset=utf-8", body + "\n");
    }
  }

  private final CosignatureSigner signer;
  private final Map<String, List<NoteVerifier>> logs;
  private final WitnessState state;
  private final Clock clock;

  /**
   * @param logs the logs this witness serves: origin to the log's checkpoint keys
   */
  public Witness(CosignatureSigner signer, Map<String, List<NoteVerifier>> logs, WitnessState state, Clock clock) {
    this.signer = signer;
    this.logs = Map.copyOf(logs);
    this.state = state;
    this.clock = clock;
  }

  public CosignatureSigner signer() {
    return signer;
  }

  /** Handles one add-checkpoint request body. */
  public Answer addCheckpoint(String body) throws IOException {
    AddCheckpoint request;
    SignedNote note;
    Checkpoint checkpoint;
    try {
      request = AddCheckpoint.parse(body);
      note = SignedNote.parse(request.checkpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (IllegalArgumentException | VerificationException e) {
      return Answer.text(400, e.getMessage());
    }
    List<NoteVerifier> keys = logs.get(checkpoint.origin());
    if (keys == null) {
      return Answer.text(404, "origin \"" + checkpoint.origin() + "\": not a log this witness serves");
    }
    try {
      note.verify(keys, 1);
    } catch (VerificationException e) {
      return Answer.text(403, "checkpoint: no valid signature by the log's keys: " + e.getMessage());
    }
    if (request.oldSize() > checkpoint.size()) {
      return Answer.text(400, "old: got " + request.oldSize() + ", want at most the checkpoint size " + checkpoint.size());
    }
    synchronized (this) {
      Optional<WitnessState.Latest> latest = state.latest(checkpoint.origin());
      long knownSize = latest.map(WitnessState.Latest::size).orElse(0L);
      if (request.oldSize() != knownSize) {
        return new Answer(409, SIZE_CONTENT_TYPE, knownSize + "\n");
      }
      if (latest.isPresent()) {
        Hash32 knownRoot = latest.get().root();
        if (knownSize == checkpoint.size()) {
          if (!knownRoot.equals(checkpoint.root())) {
            return new Answer(409, SIZE_CONTENT_TYPE, knownSize + "\n");
          }
          if (!request.proof().isEmpty()) {
            return Answer.text(422, "consistency proof: want none between equal sizes");
          }
        } else {
          try {
            MerkleVerifier.verifyConsistency(knownSize, checkpoint.size(), knownRoot, checkpoint.root(),
                request.proof().stream().map(Hash32::toByteArray).toList());
          } catch (VerificationException e) {
            return Answer.text(422, "consistency proof from " + knownSize + " to " + checkpoint.size() + ": "
                + e.getMessage());
          }
        }
      } else if (!request.proof().isEmpty()) {
        return Answer.text(422, "consistency proof: want none from size 0");
      }
      state.record(checkpoint.origin(), checkpoint.size(), checkpoint.root());
      return new Answer(200, "text/plain; charset=utf-8",
          signer.cosign(note.text(), clock.instant().getEpochSecond()));
    }
  }
}
