package org.baytrace.ledger.registry;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The registry in the ledger (DESIGN §8): applies governance records in log order and judges
 * every other record's authors by the registry in force where it lands. Since every member
 * applies the same log with this rule, every member judges the next record by the same
 * registry; a key is accepted only while it is in force at the record's index, and new records
 * by a retired or revoked key are refused.
 *
 * <p>A governance record is accepted only if its record key is in force for the submitting org,
 * its proposal is for this ledger ({@code origin}), builds on the registry in force
 * ({@code base_index} is the index of the last governance record, so a proposal applies at most
 * once), names the change its kind names, and is signed over its exact bytes by at least the
 * threshold of distinct governing organisations, each with a key of its own in force; and if the
 * registry after the change still lets the consortium govern itself. The first governance record
 * adopts a registry (genesis at index 0, or an existing ledger's configured registry); it is
 * signed by the threshold of that registry's own governing organisations. Before it, the
 * founding registry of the member's configuration is in force, and {@link #checkFounding} tells
 * a member whose configuration differs from what the ledger adopted.
 *
 * <p>A governance record at index 0 is a <em>genesis</em>: it must be the
 * {@code governance.AdoptRegistry} of exactly this member's founding registry, signed by the
 * threshold of its governing orgs. Its own signature is the key of the member node that appended
 * it ({@code author_org} names that node) and carries no authority: the proposal's signatures do,
 * so the node never needs an organisation's private key. Every member judges index 0 by this
 * same rule, whichever member proposed it. A ledger that <em>begins with its genesis</em>
 * ({@link #beginningWithGenesis}) accepts nothing else at index 0.
 *
 * <p>Before this rule judges a record, the ledger checked its signatures; its policy needs to
 * check nothing else about authors ({@link AuthorPolicy#anyKey()}), and must not: a policy that
 * read the registry outside log order would judge a record by another registry than the log's.
 *
 * <p>Staged as every rule ({@link StagedRule}); replay takes stored records as they are and
 * re-judges only governance records.
 *
 * <p>Thread-safety: driven by the ledger's writer as every {@link ApplyRule}; {@link #state()}
 * may be read from any thread (an immutable snapshot of what is committed).
 */
public final class GovernanceRule extends StagedRule<GovernanceRule.Draft> {
  private static final Logger LOG = Logger.getLogger(GovernanceRule.class.getName());

  private final String origin;
  private final Registry founding;
  private final Function<OrgRegistry, AuthorPolicy> policyOf;
  private final boolean beginsWithGenesis;
  private volatile GovernanceState committed;
  private volatile boolean empty = true; // no entry stored yet
  private volatile LedgerException genesisRefused; // the stored entry 0 is not this member's genesis
  private long nextIndex; // writer only: the index the next stored record gets

  /**
   * @param origin this ledger's origin, which every proposal must name
   * @param founding the registry of this member's configuration: in force until the ledger
   *     holds one, and what the ledger's adopted registry must equal
   * @param policyOf the author policy of a registry (key rules, then its policy table); used for
   *     every record that is not a governance record
   */
  public GovernanceRule(String origin, Registry founding, Function<OrgRegistry, AuthorPolicy> policyOf) {
    this(origin, founding, policyOf, false);
  }

  private GovernanceRule(String origin, Registry founding, Function<OrgRegistry, AuthorPolicy> policyOf,
      boolean beginsWithGenesis) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.founding = Objects.requireNonNull(founding, "founding");
    this.policyOf = Objects.requireNonNull(policyOf, "policyOf");
    this.beginsWithGenesis = beginsWithGenesis;
    this.committed = GovernanceState.founding(founding, policyOf.apply(founding.orgs()));
  }

  /**
   * The rule of a ledger that begins with its genesis: entry 0 adopts {@code founding}, and no
   * other record is accepted before it. A store that already holds entries of a ledger begun
   * before genesis entries existed keeps them, and adopts its registry later by a first
   * governance record at its current index.
   */
  public static GovernanceRule beginningWithGenesis(String origin, Registry founding,
      Function<OrgRegistry, AuthorPolicy> policyOf) {
    return new GovernanceRule(origin, founding, policyOf, true);
  }

  /** Whether this ledger begins with its genesis (entry 0 adopts the founding registry). */
  public boolean beginsWithGenesis() {
    return beginsWithGenesis;
  }

  /** True while a ledger that begins with its genesis holds no entry at all. */
  public boolean awaitsGenesis() {
    return beginsWithGenesis && empty;
  }

  /**
   * The fast check of a record arriving at a node: while the genesis is awaited, every record is
   * refused; then its authors by the registry in force ({@link GovernanceState#checkAuthors}).
   *
   * @throws LedgerException GENESIS_PENDING, UNKNOWN_KEY or NOT_AUTHORISED
   */
  public void checkArrival(ParsedRecord record) {
    if (awaitsGenesis()) {
      throw new LedgerException(LedgerError.GENESIS_PENDING, "ledger " + origin + " does not hold its genesis entry"
          + " (index 0, the founding registry) yet, and appends nothing before it; the node appends it once the"
          + " ledger's members have a leader: retry in a moment");
    }
    committed.checkAuthors(record);
  }

  /** What the log has committed so far. */
  public GovernanceState state() {
    return committed;
  }

  /** The founding registry of this member's configuration. */
  public Registry founding() {
    return founding;
  }

  /**
   * Refuses a member whose founding registry differs from the one the ledger adopted: it would
   * judge records by other rules than the rest of the group.
   *
   * @throws LedgerException REGISTRY_MISMATCH, saying what differs
   */
  public void checkFounding() {
    if (genesisRefused != null) {
      throw new LedgerException(LedgerError.REGISTRY_MISMATCH, genesisRefused.getMessage() + ". A member with another"
          + " registry would judge records by other rules than the group, so it does not start; make its [[orgs]],"
          + " [[policy]], [[peers]] and [governance] what the ledger's genesis says (GET /v1/registry?atIndex=0)");
    }
    GovernanceState s = committed;
    if (s.adopted().isEmpty()) {
      return;
    }
    Registry adopted = s.adopted().get();
    if (!Arrays.equals(RegistryCodec.encode(adopted), RegistryCodec.encode(founding))) {
      throw new LedgerException(LedgerError.REGISTRY_MISMATCH, "this member's founding registry (its configuration) is "
          + "not the one ledger " + origin + " adopted at index " + s.adoptedAt() + ": " + String.join("; ",
          RegistryDiff.between(adopted, founding)) + ". A member with another registry would judge records by other"
          + " rules than the group, so it does not start; make its [[orgs]], [[policy]], [[peers]] and [governance]"
          + " what the ledger adopted (GET /v1/registry?atIndex=" + s.adoptedAt() + ")");
    }
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "governance";

  /**
   * Snapshotted as the governance records it took: a start replays those (few) and the entries
   * after the snapshot; every other record leaves the registry as it is.
   */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    ApplyRule.Snapshots taken = ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, GovernanceRecords::isGovernance);
    return Optional.of(new ApplyRule.Snapshots() {
      @Override
      public String name() {
        return taken.name();
      }

      @Override
      public int version() {
        return taken.version();
      }

      @Override
      public boolean takes(ParsedRecord record) {
        return taken.takes(record);
      }

      @Override
      public void loadedAt(long treeSize) {
        nextIndex = treeSize;
        empty = treeSize == 0;
      }
    });
  }

  @Override
  public void replay(AppliedRecord applied) {
    nextIndex = applied.index() + 1;
    empty = false;
    if (!GovernanceRecords.isGovernance(applied.record())) {
      return;
    }
    try {
      committed = judge(committed, applied.record(), applied.index());
    } catch (LedgerException refused) {
      if (applied.index() == 0) {
        genesisRefused = refused; // a ledger begun with another genesis: checkFounding says so
      }
      // Stored before this rule judged it (or refused alike by every member): not part of the registry.
      LOG.warning("governance record at index " + applied.index() + " left out of the registry: " + refused.getMessage());
    }
  }

  /**
   * A draft: the registry as the records judged so far in this batch left it, and the index the
   * next one will get (counted here; the committed state takes the indexes the store gave).
   */
  static final class Draft implements StagedRule.Layer<Draft> {
    private final Draft parent;
    private GovernanceState state;
    private long nextIndex;

    Draft(Draft parent, GovernanceState state, long nextIndex) {
      this.parent = parent;
      this.state = state;
      this.nextIndex = nextIndex;
    }

    @Override
    public Draft child() {
      return new Draft(this, state, nextIndex);
    }

    @Override
    public void mergeIntoParent() {
      parent.state = state;
      parent.nextIndex = nextIndex;
    }
  }

  @Override
  protected Draft draft() {
    return new Draft(null, committed, nextIndex);
  }

  @Override
  protected void apply(ParsedRecord record, Draft d) {
    d.state = judge(d.state, record, d.nextIndex);
    d.nextIndex++;
  }

  @Override
  protected void commit(Draft draft, List<AppliedRecord> stored) {
    // The draft counted indexes itself; the committed state takes the ones the store gave.
    GovernanceState s = committed;
    for (AppliedRecord a : stored) {
      nextIndex = a.index() + 1;
      empty = false;
      if (GovernanceRecords.isGovernance(a.record())) {
        s = judge(s, a.record(), a.index());
        warnIfNotFounding(s, a.index());
      }
    }
    committed = s;
  }

  private void warnIfNotFounding(GovernanceState s, long index) {
    if (s.adoptedAt() == index && !Arrays.equals(RegistryCodec.encode(s.adopted().get()), RegistryCodec.encode(founding))) {
      LOG.severe("ledger " + origin + " adopted a registry at index " + index + " that is not this member's founding"
          + " registry: " + String.join("; ", RegistryDiff.between(s.adopted().get(), founding))
          + "; this member will refuse to start until its configuration matches");
    }
  }

  /** The state after record {@code r} at {@code index}; throws the refusal if {@code r} may not be appended. */
  private GovernanceState judge(GovernanceState s, ParsedRecord r, long index) {
    // A governance record at index 0 is a genesis: its own signature is the appending member's,
    // and only the founding registry, signed by the threshold of its governing orgs, is adopted.
    boolean genesis = index == 0 && GovernanceRecords.isGovernance(r);
    if (beginsWithGenesis && index == 0 && !genesis) {
      throw new LedgerException(LedgerError.GENESIS_PENDING, "index 0 of ledger " + origin + " is its genesis entry"
          + " (governance.AdoptRegistry of the founding registry); got a record of kind " + Quote.of(r.kind()));
    }
    if (!genesis) {
      s.checkAuthors(r);
    }
    if (!GovernanceRecords.isGovernance(r)) {
      return s;
    }
    if (!r.subjects().equals(List.of(GovernanceRecords.SUBJECT))) {
      throw refused("body.subjects: got " + r.subjects() + ", want [" + GovernanceRecords.SUBJECT + "]");
    }
    if (!r.contentType().equals(GovernanceRecords.CONTENT_TYPE)) {
      throw refused("body.content_type: got " + Quote.of(r.contentType()) + ", want \"" + GovernanceRecords.CONTENT_TYPE + "\"");
    }
    SignedProposal sp;
    try {
      sp = ProposalCodec.decodeSigned(r.content());
    } catch (IllegalArgumentException e) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "body.content: " + e.getMessage());
    }
    Proposal p = sp.proposal();
    if (!p.origin().equals(origin)) {
      throw new LedgerException(LedgerError.WRONG_ORIGIN, "governance: proposal.origin: got " + Quote.of(p.origin())
          + ", want \"" + origin + "\": the proposal was made for another ledger");
    }
    if (!r.kind().equals(GovernanceRecords.kind(p))) {
      throw refused("body.kind: got " + Quote.of(r.kind()) + ", want \"" + GovernanceRecords.kind(p)
          + "\" for the proposal's change");
    }
    var appliedAt = s.appliedAt(sp.id());
    if (appliedAt.isPresent()) {
      throw refused("proposal " + sp.id().hex() + " was already applied at index " + appliedAt.get()
          + "; a proposal applies once");
    }
    if (p.baseIndex() != s.version()) {
      throw refused("proposal.base_index: got " + p.baseIndex() + ", want " + s.version() + (s.version()
          == Proposal.NO_REGISTRY ? ": the ledger holds no registry yet, and its first governance record adopts one"
          : ", the index of the registry in force: the registry changed since the proposal was made; propose again"));
    }
    boolean adoption = p.change() instanceof Change.AdoptRegistry;
    if (genesis) {
      if (!adoption) {
        throw refused("index 0 is the genesis entry: body.kind: got " + Quote.of(r.kind()) + ", want \""
            + KIND_PREFIX_ADOPT + "\"");
      }
      Registry adopted = ((Change.AdoptRegistry) p.change()).registry();
      if (!Arrays.equals(RegistryCodec.encode(adopted), RegistryCodec.encode(founding))) {
        throw new LedgerException(LedgerError.REGISTRY_MISMATCH, "the genesis entry of ledger " + origin
            + " adopts another registry than this member's founding registry: " + String.join("; ",
            RegistryDiff.between(adopted, founding)));
      }
    }
    Registry judging = adoption ? ((Change.AdoptRegistry) p.change()).registry() : s.registry();
    List<String> signers = checkSignatures(sp, judging);
    Registry next;
    try {
      next = p.change().applyTo(s.registry(), index);
    } catch (IllegalArgumentException e) {
      throw refused(p.change().kind() + ": " + e.getMessage());
    }
    RegistryChange change = new RegistryChange(index, GovernanceRecords.kind(p), p.change().describe(), sp.id().hex(),
        signers);
    AuthorPolicy nextPolicy = next.orgs().equals(s.registry().orgs()) ? s.policy() : policyOf.apply(next.orgs());
    return s.after(index, next, nextPolicy, sp.id(), change, adoption);
  }

  /** The governing orgs whose signatures count; throws unless they reach the threshold. */
  static List<String> checkSignatures(SignedProposal sp, Registry judging) {
    Governance g = judging.governance();
    Set<String> orgs = new LinkedHashSet<>();
    for (int i = 0; i < sp.signatures().size(); i++) {
      ProposalSignature sig = sp.signatures().get(i);
      if (!g.orgs().contains(sig.org())) {
        throw new LedgerException(LedgerError.NOT_AUTHORISED, "governance: signatures[" + i + "]: org " + Quote.of(sig.org())
            + " is not a governing organisation; governing: " + g.orgs());
      }
      Org org = judging.orgs().org(sig.org()).orElseThrow();
      var registered = org.key(sig.key());
      if (registered.isEmpty()) {
        throw new LedgerException(LedgerError.NOT_AUTHORISED, "governance: signatures[" + i + "]: key " + sig.key().keyId()
            + " is not a key of org \"" + sig.org() + "\"");
      }
      OrgKey key = registered.get();
      if (key.ended() != null) {
        throw new LedgerException(LedgerError.NOT_AUTHORISED, "governance: signatures[" + i + "]: key " + sig.key().keyId()
            + " of org \"" + sig.org() + "\" was " + key.ended().describe());
      }
      try {
        sp.verify(i);
      } catch (VerificationException e) {
        throw new LedgerException(LedgerError.SIGNATURE_INVALID, "governance: signatures[" + i + "] by org \"" + sig.org()
            + "\" does not verify over the proposal bytes: " + e.getMessage());
      }
      orgs.add(sig.org());
    }
    if (orgs.size() < g.threshold()) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "governance: signed by " + orgs.size()
          + " governing organisation(s) " + orgs + ", want at least " + g.describe());
    }
    return List.copyOf(orgs);
  }

  private static final String KIND_PREFIX_ADOPT = GovernanceRecords.KIND_PREFIX + "AdoptRegistry";

  private static LedgerException refused(String message) {
    return new LedgerException(LedgerError.RULE_VIOLATED, "governance: " + message);
  }
}
