package org.baytrace.ledger.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.Hash32;

/**
 * The registry as the log has made it up to some index: the registry in force, the index of the
 * last governance record ({@link #version}, {@link Proposal#NO_REGISTRY} while the ledger holds
 * none and the founding configuration is in force), the registry the ledger adopted, every
 * change with its index, and the registry after each. Immutable and thread-safe.
 */
public final class GovernanceState {
  private final Registry founding; // in force before the first governance record
  private final Registry registry;
  private final long version;
  private final Registry adopted; // null before the first governance record
  private final long adoptedAt;
  private final Map<Hash32, Long> appliedProposals;
  private final List<RegistryChange> changes;
  private final TreeMap<Long, Registry> byIndex;
  private final AuthorPolicy policy;

  private GovernanceState(Registry founding, Registry registry, long version, Registry adopted, long adoptedAt,
      Map<Hash32, Long> appliedProposals, List<RegistryChange> changes, TreeMap<Long, Registry> byIndex,
      AuthorPolicy policy) {
    this.founding = founding;
    this.registry = registry;
    this.version = version;
    this.adopted = adopted;
    this.adoptedAt = adoptedAt;
    this.appliedProposals = appliedProposals;
    this.changes = changes;
    this.byIndex = byIndex;
    this.policy = policy;
  }

  /** Before any governance record: the founding registry is in force. */
  static GovernanceState founding(Registry founding, AuthorPolicy policy) {
    return new GovernanceState(founding, founding, Proposal.NO_REGISTRY, null, -1, Map.of(), List.of(), new TreeMap<>(), policy);
  }

  /** This state after the governance record at {@code index} applied {@code change}. */
  GovernanceState after(long index, Registry next, AuthorPolicy nextPolicy, Hash32 proposalId, RegistryChange change,
      boolean adoption) {
    Map<Hash32, Long> applied = new HashMap<>(appliedProposals);
    applied.put(proposalId, index);
    List<RegistryChange> all = new ArrayList<>(changes);
    all.add(change);
    TreeMap<Long, Registry> snapshots = new TreeMap<>(byIndex);
    snapshots.put(index, next);
    return new GovernanceState(founding, next, index, adoption ? next : adopted, adoption ? index : adoptedAt,
        Collections.unmodifiableMap(applied), List.copyOf(all), snapshots, nextPolicy);
  }

  /** The registry in force for the next record. */
  public Registry registry() {
    return registry;
  }

  /** The index of the last governance record; {@link Proposal#NO_REGISTRY} if the ledger holds none. */
  public long version() {
    return version;
  }

  /** The registry the ledger adopted (genesis or adoption), if it holds one. */
  public Optional<Registry> adopted() {
    return Optional.ofNullable(adopted);
  }

  /** The index of the adopting record; -1 before. */
  public long adoptedAt() {
    return adoptedAt;
  }

  /** Every applied change, in log order. */
  public List<RegistryChange> changes() {
    return changes;
  }

  /** The index at which a proposal was applied, if it was. */
  public Optional<Long> appliedAt(Hash32 proposalId) {
    return Optional.ofNullable(appliedProposals.get(proposalId));
  }

  /**
   * The registry as it stood once the entry at {@code index} was applied: the founding registry
   * before the first governance record, else the registry after the last governance record at or
   * before {@code index}.
   */
  public Registry registryAt(long index) {
    Map.Entry<Long, Registry> e = byIndex.floorEntry(index);
    return e != null ? e.getValue() : founding;
  }

  /** The changes made at or before {@code index}. */
  public List<RegistryChange> changesUpTo(long index) {
    return changes.stream().filter(c -> c.index() <= index).toList();
  }

  /** The author policy of the registry in force (key rules and policy table). */
  AuthorPolicy policy() {
    return policy;
  }
}
