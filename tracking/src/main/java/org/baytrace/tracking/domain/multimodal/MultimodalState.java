package org.baytrace.tracking.domain.multimodal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.baytrace.ledger.crypto.Hash32;

/**
 * Every subject's multimodal history as the committed log says: the mode it is in, who holds it,
 * and its hand-overs in log order; and the ledger index of every hand-over record. Thread-safe:
 * written by the ledger's writer ({@link #publish}), read from any thread.
 */
public final class MultimodalState {
  private final Map<String, Consignment> bySubject = new ConcurrentHashMap<>();
  private final Map<Hash32, Long> indexes = new ConcurrentHashMap<>();

  /** A subject's state after its latest hand-over. */
  public Optional<Consignment> consignment(String subject) {
    return Optional.ofNullable(bySubject.get(subject));
  }

  /** The hand-overs of a subject in log order; empty if it has none. */
  public List<ModeHandOver> handOvers(String subject) {
    Consignment c = bySubject.get(subject);
    return c == null ? List.of() : c.handOvers();
  }

  public OptionalLong indexOf(Hash32 record) {
    Long i = indexes.get(record);
    return i == null ? OptionalLong.empty() : OptionalLong.of(i);
  }

  void publish(Map<String, Consignment> changed, Map<Hash32, Long> newIndexes) {
    indexes.putAll(newIndexes);
    bySubject.putAll(changed);
  }

  /**
   * One subject after its hand-overs: the latest one's receiving mode and party, since when.
   * Immutable.
   */
  public record Consignment(String subject, List<ModeHandOver> handOvers) {
    public Consignment {
      handOvers = List.copyOf(handOvers);
      if (handOvers.isEmpty()) {
        throw new IllegalArgumentException("handOvers: got none, want at least one");
      }
    }

    public ModeHandOver latest() {
      return handOvers.get(handOvers.size() - 1);
    }

    Consignment with(ModeHandOver h) {
      List<ModeHandOver> more = new java.util.ArrayList<>(handOvers);
      more.add(h);
      return new Consignment(subject, more);
    }
  }
}
