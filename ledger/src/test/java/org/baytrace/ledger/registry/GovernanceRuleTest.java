package org.baytrace.ledger.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.Ledger.GroupOutcome;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance in the log: genesis, changes signed by k of the governing organisations, applied in
 * log order, and every way a bad change is refused without changing the registry. Real RocksDB
 * store, real Ed25519 signatures.
 */
class GovernanceRuleTest {
  static final String ORIGIN = TestRecords.ORIGIN;

  @TempDir Path dir;

  final SigningKey hkCustoms = SigningKey.generate();
  final SigningKey gdCustoms = SigningKey.generate();
  final SigningKey barge = SigningKey.generate();
  final SigningKey bargeNew = SigningKey.generate();
  final SigningKey producer = SigningKey.generate();

  Registry founding;
  Ledger ledger;
  GovernanceRule rule;

  @BeforeEach
  void open() {
    OrgRegistry orgs = OrgRegistry.of(List.of(
        org("hk-customs", Role.CUSTOMS, hkCustoms),
        org("gd-customs", Role.CUSTOMS, gdCustoms),
        org("pearl-barge", Role.BARGE_OPERATOR, barge),
        org("durian-farm", Role.PRODUCER, producer)));
    founding = new Registry(orgs, List.of(), new Governance(2, List.of("hk-customs", "gd-customs", "pearl-barge")));
    ledger = openLedger();
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private Ledger openLedger() {
    Ledger l = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner("n", SigningKey.generate()), AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir));
    rule = new GovernanceRule(ORIGIN, founding, OrgRegistry::authorPolicy);
    l.install(rule);
    return l;
  }

  static Org org(String id, Role role, SigningKey key) {
    return new Org(id, id, Set.of(role), List.of(OrgKey.of(key.publicKey())), List.of(), null);
  }

  private long submit(SignedProposal p) {
    return ledger.append(GovernanceRecords.signedRecord(p, "hk-customs", hkCustoms, 1_764_000_000_000L)).index();
  }

  private SignedProposal genesis() {
    return SignedProposal.unsigned(Proposal.of(ORIGIN, Proposal.NO_REGISTRY, new Change.AdoptRegistry(founding), "genesis"))
        .signedBy("hk-customs", hkCustoms).signedBy("gd-customs", gdCustoms);
  }

  private SignedProposal change(Change c, String... signers) {
    SignedProposal p = SignedProposal.unsigned(Proposal.of(ORIGIN, rule.state().version(), c, ""));
    for (String s : signers) {
      p = switch (s) {
        case "hk-customs" -> p.signedBy(s, hkCustoms);
        case "gd-customs" -> p.signedBy(s, gdCustoms);
        case "pearl-barge" -> p.signedBy(s, barge);
        case "durian-farm" -> p.signedBy(s, producer);
        default -> throw new IllegalArgumentException(s);
      };
    }
    return p;
  }

  private byte[] bargeRecord(SigningKey key, String nonce) {
    return TestRecords.signed(key, "pearl-barge", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V1"), nonce);
  }

  private LedgerException refusal(SignedProposal p) {
    return assertThrows(LedgerException.class, () -> submit(p));
  }

  @Test
  void genesis_isTheFirstEntry_andTheLedgerHoldsTheFoundingRegistry() {
    assertEquals(0, submit(genesis()));
    GovernanceState s = rule.state();
    assertEquals(0, s.version());
    assertEquals(0, s.adoptedAt());
    assertEquals(RegistryCodec.hash(founding), RegistryCodec.hash(s.adopted().orElseThrow()));
    assertEquals(List.of("hk-customs", "gd-customs"), s.changes().get(0).signers());
    rule.checkFounding(); // the same registry: the member starts
  }

  @Test
  void anExistingLedger_adoptsItsRegistry_atItsCurrentIndex_andEarlierRecordsStay() {
    ledger.append(bargeRecord(barge, "before-1"));
    ledger.append(bargeRecord(barge, "before-2"));
    assertEquals(2, submit(genesis()));
    assertEquals(2, rule.state().adoptedAt());
    assertEquals(3, ledger.head().size());
  }

  @Test
  void tooFewSignatures_areRefused_andChangeNothing() {
    submit(genesis());
    LedgerException e = refusal(change(new Change.SetOrgRoles("durian-farm", Set.of(Role.PRODUCER, Role.PACKER)),
        "hk-customs"));
    assertEquals(LedgerError.NOT_AUTHORISED, e.error());
    assertTrue(e.getMessage().contains("signed by 1 governing organisation(s) [hk-customs], want at least 2 of"), e.getMessage());
    assertEquals(0, rule.state().version());
    assertEquals(1, ledger.head().size());
  }

  @Test
  void theSameOrgSigningTwice_countsOnce() {
    submit(genesis());
    SigningKey second = SigningKey.generate();
    submit(change(new Change.AddKey("hk-customs", OrgKey.of(second.publicKey())), "hk-customs", "gd-customs"));
    SignedProposal p = SignedProposal.unsigned(Proposal.of(ORIGIN, rule.state().version(),
        new Change.SetOrgPrefixes("durian-farm", List.of("9506000")), "")).signedBy("hk-customs", hkCustoms)
        .signedBy("hk-customs", second);
    assertTrue(refusal(p).getMessage().contains("signed by 1 governing organisation(s)"));
  }

  @Test
  void aSignerThatIsNotAGoverningOrganisation_isRefused() {
    submit(genesis());
    LedgerException e = refusal(change(new Change.SetOrgPrefixes("durian-farm", List.of("9506000")),
        "hk-customs", "durian-farm"));
    assertEquals(LedgerError.NOT_AUTHORISED, e.error());
    assertTrue(e.getMessage().contains("org \"durian-farm\" is not a governing organisation"), e.getMessage());
  }

  @Test
  void aSignatureOverOtherBytes_isRefused() {
    submit(genesis());
    SignedProposal good = change(new Change.SetOrgPrefixes("durian-farm", List.of("9506000")), "hk-customs");
    SignedProposal other = change(new Change.SetOrgPrefixes("durian-farm", List.of("9506001")), "gd-customs");
    // gd-customs's signature moved onto a proposal it did not sign
    SignedProposal forged = new SignedProposal(good.proposalBytes(), good.proposal(),
        List.of(good.signatures().get(0), other.signatures().get(0)));
    assertEquals(LedgerError.SIGNATURE_INVALID, refusal(forged).error());
  }

  @Test
  void aReplayedProposal_isRefused_evenInANewRecord() {
    submit(genesis());
    SignedProposal p = change(new Change.SetOrgPrefixes("durian-farm", List.of("9506000")), "hk-customs", "gd-customs");
    long at = submit(p);
    LedgerException e = refusal(p); // a new record body (new nonce) carrying the same proposal
    assertEquals(LedgerError.RULE_VIOLATED, e.error());
    assertTrue(e.getMessage().contains("was already applied at index " + at), e.getMessage());
  }

  @Test
  void aProposalMadeAgainstAnOlderRegistry_isRefused() {
    submit(genesis());
    SignedProposal first = change(new Change.SetOrgPrefixes("durian-farm", List.of("9506000")), "hk-customs", "gd-customs");
    SignedProposal second = change(new Change.SetOrgRoles("durian-farm", Set.of(Role.PACKER)), "hk-customs", "gd-customs");
    submit(first);
    LedgerException e = refusal(second);
    assertTrue(e.getMessage().contains("proposal.base_index: got 0, want 1"), e.getMessage());
  }

  @Test
  void aProposalMadeForAnotherLedger_isRefused() {
    submit(genesis());
    SignedProposal p = SignedProposal.unsigned(Proposal.of("baytrace.other/ledger", 0,
        new Change.SetOrgPrefixes("durian-farm", List.of("9506000")), "")).signedBy("hk-customs", hkCustoms)
        .signedBy("gd-customs", gdCustoms);
    // Submitted in a record for this ledger: the proposal inside names the other one.
    byte[] body = org.baytrace.api.ledger.v1.RecordBody.newBuilder(parseBody(GovernanceRecords.body(p, "hk-customs", 1L)))
        .setOrigin(ORIGIN).build().toByteArray();
    LedgerException e = assertThrows(LedgerException.class,
        () -> ledger.append(org.baytrace.ledger.record.Records.sign(body, hkCustoms)));
    assertEquals(LedgerError.WRONG_ORIGIN, e.error());
    assertTrue(e.getMessage().contains("made for another ledger"), e.getMessage());
  }

  private static org.baytrace.api.ledger.v1.RecordBody parseBody(byte[] b) {
    try {
      return org.baytrace.api.ledger.v1.RecordBody.parseFrom(b);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aChangeThatLeavesTooFewGoverningOrganisations_isRefused() {
    submit(genesis());
    submit(change(new Change.EndKey("pearl-barge", barge.publicKey(), true, "laptop stolen"), "hk-customs", "gd-customs"));
    // hk and gd are now the only governing orgs with keys; revoking gd's only key would leave one of two needed
    LedgerException e = refusal(change(new Change.EndKey("gd-customs", gdCustoms.publicKey(), true, "test"),
        "hk-customs", "gd-customs"));
    assertEquals(LedgerError.RULE_VIOLATED, e.error());
    assertTrue(e.getMessage().contains("no one could change the registry any more"), e.getMessage());
    LedgerException none = refusal(change(new Change.SetGovernance(new Governance(1, List.of("durian-farm", "nobody"))),
        "hk-customs", "gd-customs"));
    assertTrue(none.getMessage().contains("want a registered org"), none.getMessage());
  }

  @Test
  void keyRotation_newKeySigns_afterTheOldIsRetired_theOldIsRefused() {
    submit(genesis());
    assertThrows(LedgerException.class, () -> ledger.append(bargeRecord(bargeNew, "too-early")));
    submit(change(new Change.AddKey("pearl-barge", OrgKey.of(bargeNew.publicKey())), "hk-customs", "gd-customs"));
    ledger.append(bargeRecord(bargeNew, "new-key"));
    long old = ledger.append(bargeRecord(barge, "old-key-still-valid")).index();
    long retired = submit(change(new Change.EndKey("pearl-barge", barge.publicKey(), false, "rotated"),
        "hk-customs", "gd-customs"));
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.append(bargeRecord(barge, "old-key-after")));
    assertEquals(LedgerError.NOT_AUTHORISED, e.error());
    assertTrue(e.getMessage().contains("was retired at index " + retired + " (rotated)"), e.getMessage());
    OrgKey oldKey = rule.state().registry().orgs().org("pearl-barge").orElseThrow().key(barge.publicKey()).orElseThrow();
    assertTrue(oldKey.validAtIndex(old), "records signed before the retirement keep verifying");
    assertFalse(oldKey.validAtIndex(retired + 1));
  }

  @Test
  void aRevocationRacingAnAppend_logOrderDecides() {
    submit(genesis());
    byte[] revoke = GovernanceRecords.signedRecord(change(new Change.EndKey("pearl-barge", barge.publicKey(), true,
        "key file leaked"), "hk-customs", "gd-customs"), "hk-customs", hkCustoms, 1L);
    ParsedRecord revocation = ledger.check(revoke);
    ParsedRecord before = ledger.check(bargeRecord(barge, "before"));
    ParsedRecord after = ledger.check(bargeRecord(barge, "after"));
    // One batch: the append ordered before the revocation stands, the one after it is refused.
    List<GroupOutcome> out = ledger.appendGroups(List.of(List.of(before), List.of(revocation), List.of(after)), 2L);
    assertNull(out.get(0).refusal());
    assertNull(out.get(1).refusal());
    assertEquals(LedgerError.NOT_AUTHORISED, out.get(2).refusal().error());
    long revokedAt = out.get(1).appended().get(0).index();
    assertTrue(out.get(2).refusal().getMessage().contains("revoked at index " + revokedAt + " (key file leaked)"),
        out.get(2).refusal().getMessage());
    assertEquals(revokedAt, rule.state().registry().orgs().org("pearl-barge").orElseThrow().key(barge.publicKey())
        .orElseThrow().ended().atIndex(), "the committed state carries the record's real index");
  }

  @Test
  void theRegistryIsRebuiltFromTheLog_afterARestart_withEveryChangesIndex() {
    submit(genesis());
    long added = submit(change(new Change.AddKey("pearl-barge", OrgKey.of(bargeNew.publicKey())), "hk-customs", "gd-customs"));
    long revoked = submit(change(new Change.EndKey("pearl-barge", barge.publicKey(), true, "leaked"), "hk-customs", "pearl-barge"));
    byte[] before = RegistryCodec.encode(rule.state().registry());
    ledger.close();
    ledger = openLedger();
    assertEquals(revoked, rule.state().version());
    assertTrue(java.util.Arrays.equals(before, RegistryCodec.encode(rule.state().registry())));
    assertEquals(List.of(0L, added, revoked), rule.state().changes().stream().map(RegistryChange::index).toList());
    assertTrue(rule.state().registryAt(added).orgs().org("pearl-barge").orElseThrow().key(barge.publicKey()).orElseThrow()
        .ended() == null, "at the index of the key's addition the old key was not yet revoked");
    assertThrows(LedgerException.class, () -> ledger.append(bargeRecord(barge, "after-restart")));
  }

  @Test
  void theRegistryFromItsSnapshotAndTheTail_equalsAFullReplay_andJudgesTheNextRecordsAlike() {
    submit(genesis());
    ledger.append(bargeRecord(barge, "b1"));
    long added = submit(change(new Change.AddKey("pearl-barge", OrgKey.of(bargeNew.publicKey())), "hk-customs", "gd-customs"));
    ledger.writeRuleSnapshots(); // at size 3; the tail revokes the old key
    ledger.snapshotEvery(0, false);
    ledger.append(bargeRecord(bargeNew, "b2"));
    long revoked = submit(change(new Change.EndKey("pearl-barge", barge.publicKey(), true, "leaked"), "hk-customs",
        "pearl-barge"));
    ledger.close();

    ledger = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner("n", SigningKey.generate()), AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir));
    rule = new GovernanceRule(ORIGIN, founding, OrgRegistry::authorPolicy);
    Ledger.InstallReport report = ledger.install(rule);
    assertTrue(report.lines().get(0).contains("rule governance: snapshot of tree size 3 loaded (2 records it lists"
        + " replayed), 2 entries after it"), report::toString);
    GovernanceRule full = new GovernanceRule(ORIGIN, founding, OrgRegistry::authorPolicy);
    for (long i = 0; i < ledger.head().size(); i++) {
      full.replay(Ledger.applied(ledger.entry(i)));
    }
    assertArrayEquals(RegistryCodec.encode(full.state().registry()), RegistryCodec.encode(rule.state().registry()));
    assertEquals(revoked, rule.state().version());
    assertEquals(full.state().changes().stream().map(RegistryChange::index).toList(),
        rule.state().changes().stream().map(RegistryChange::index).toList());
    assertEquals(List.of(0L, added, revoked), rule.state().changes().stream().map(RegistryChange::index).toList());
    assertThrows(LedgerException.class, () -> ledger.append(bargeRecord(barge, "after-restart")));
    // The next governance record is judged at the index it lands at, counted from the snapshot's size on.
    long next = submit(change(new Change.EndKey("pearl-barge", bargeNew.publicKey(), false, "rotated"), "hk-customs",
        "gd-customs"));
    assertEquals(ledger.head().size() - 1, next);
    assertEquals(next, rule.state().version());
  }

  @Test
  void aMemberWithAnotherFoundingRegistry_isToldWhatDiffers() {
    submit(genesis());
    ledger.close();
    founding = new Registry(founding.orgs().withOrg(org("macao-customs", Role.CUSTOMS, SigningKey.generate())),
        List.of(), new Governance(3, List.of("hk-customs", "gd-customs", "pearl-barge")));
    ledger = openLedger();
    LedgerException e = assertThrows(LedgerException.class, rule::checkFounding);
    assertEquals(LedgerError.REGISTRY_MISMATCH, e.error());
    assertTrue(e.getMessage().contains("org \"macao-customs\" is in this member's registry but not on the ledger"), e.getMessage());
    assertTrue(e.getMessage().contains("governance: ledger 2 of [gd-customs, hk-customs, pearl-barge], this member 3 of"),
        e.getMessage());
  }

  @Test
  void changesBeforeAdoption_areRefused_andGenesisCanNotBeRepeated() {
    SignedProposal early = SignedProposal.unsigned(Proposal.of(ORIGIN, 0,
        new Change.SetOrgPrefixes("durian-farm", List.of("9506000")), "")).signedBy("hk-customs", hkCustoms)
        .signedBy("gd-customs", gdCustoms);
    assertTrue(refusal(early).getMessage().contains("the ledger holds no registry yet"));
    submit(genesis());
    assertTrue(refusal(genesis()).getMessage().contains("proposal.base_index: got -1, want 0"));
  }
}
