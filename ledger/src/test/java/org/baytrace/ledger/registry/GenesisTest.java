package org.baytrace.ledger.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger that begins with its genesis: entry 0 adopts the founding registry, signed offline by
 * the founding organisations and appended by a member node with its own key; nothing else is
 * accepted at index 0, and a store begun with another genesis is refused at start. Real RocksDB
 * store, real Ed25519 signatures.
 */
class GenesisTest {
  static final String ORIGIN = TestRecords.ORIGIN;

  @TempDir Path dir;

  final SigningKey hkCustoms = SigningKey.generate();
  final SigningKey gdCustoms = SigningKey.generate();
  final SigningKey barge = SigningKey.generate();
  final SigningKey nodeKey = SigningKey.generate(); // a member node's key: no organisation's

  Registry founding;
  Ledger ledger;
  GovernanceRule rule;

  @BeforeEach
  void open() {
    founding = registry(2);
    ledger = openLedger();
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private Registry registry(int threshold) {
    OrgRegistry orgs = OrgRegistry.of(List.of(GovernanceRuleTest.org("hk-customs", Role.CUSTOMS, hkCustoms),
        GovernanceRuleTest.org("gd-customs", Role.CUSTOMS, gdCustoms),
        GovernanceRuleTest.org("pearl-barge", Role.BARGE_OPERATOR, barge)));
    return new Registry(orgs, List.of(), new Governance(threshold, List.of("hk-customs", "gd-customs", "pearl-barge")));
  }

  private Ledger openLedger() {
    Ledger l = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner("n", SigningKey.generate()), AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir));
    rule = GovernanceRule.beginningWithGenesis(ORIGIN, founding, OrgRegistry::authorPolicy);
    l.install(rule);
    return l;
  }

  private SignedProposal signedGenesis(Registry r) {
    return Genesis.propose(ORIGIN, r, "genesis").signedBy("hk-customs", hkCustoms).signedBy("gd-customs", gdCustoms);
  }

  private byte[] genesisRecord(SignedProposal g) {
    return Genesis.record(g, "node-a", nodeKey, 1_764_000_000_000L);
  }

  private byte[] bargeRecord(String nonce) {
    return TestRecords.signed(barge, "pearl-barge", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V1"), nonce);
  }

  @Test
  void theGenesis_appendedWithAMemberNodesKey_isEntry0_andAdoptsTheFoundingRegistry() {
    assertTrue(rule.awaitsGenesis());
    assertEquals(0, ledger.append(genesisRecord(signedGenesis(founding))).index());
    assertFalse(rule.awaitsGenesis());
    assertEquals(0, rule.state().adoptedAt());
    assertEquals(RegistryCodec.hash(founding), RegistryCodec.hash(rule.state().adopted().orElseThrow()));
    assertEquals(List.of("hk-customs", "gd-customs"), rule.state().changes().get(0).signers());
    assertEquals(1, ledger.append(bargeRecord("after-genesis")).index());
    rule.checkFounding();
  }

  @Test
  void beforeTheGenesis_everyOtherRecordIsRefused_onArrivalAndAtIndex0() {
    byte[] record = bargeRecord("too-early");
    LedgerException arrival = assertThrows(LedgerException.class,
        () -> rule.checkArrival(Records.parse(record, RecordLimits.DEFAULT)));
    assertEquals(LedgerError.GENESIS_PENDING, arrival.error());
    assertTrue(arrival.getMessage().contains("does not hold its genesis entry"), arrival.getMessage());
    LedgerException atZero = assertThrows(LedgerException.class, () -> ledger.append(record));
    assertEquals(LedgerError.GENESIS_PENDING, atZero.error());
    assertTrue(atZero.getMessage().contains("index 0 of ledger " + ORIGIN + " is its genesis entry"), atZero.getMessage());
    assertEquals(0, ledger.head().size());
  }

  @Test
  void aGenesisSignedByTooFewFoundingOrgs_isRefusedAtIndex0() {
    SignedProposal change = Genesis.propose(ORIGIN, founding, "");
    // An adoption with the signatures of a single founding org: the threshold is 2.
    LedgerException e = assertThrows(LedgerException.class,
        () -> ledger.append(genesisRecord(change.signedBy("pearl-barge", barge))));
    assertEquals(LedgerError.NOT_AUTHORISED, e.error());
    assertTrue(e.getMessage().contains("want at least 2 of"), e.getMessage());
    assertEquals(0, ledger.head().size());
  }

  @Test
  void aGenesisOfAnotherRegistry_isRefusedAtIndex0_sayingWhatDiffers() {
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.append(genesisRecord(signedGenesis(registry(3)))));
    assertEquals(LedgerError.REGISTRY_MISMATCH, e.error());
    assertTrue(e.getMessage().contains("governance: ledger 3 of"), e.getMessage());
    assertEquals(0, ledger.head().size());
  }

  @Test
  void aStoreBegunWithAnotherGenesis_isRefusedAtStart_sayingWhatDiffers() {
    ledger.append(genesisRecord(signedGenesis(founding)));
    ledger.close();
    founding = registry(3);
    ledger = openLedger();
    LedgerException e = assertThrows(LedgerException.class, rule::checkFounding);
    assertEquals(LedgerError.REGISTRY_MISMATCH, e.error());
    assertTrue(e.getMessage().contains("governance: ledger 2 of [gd-customs, hk-customs, pearl-barge], this member 3 of"),
        e.getMessage());
  }

  @Test
  void theGenesisCanNotBeAppendedTwice() {
    SignedProposal g = signedGenesis(founding);
    ledger.append(genesisRecord(g));
    assertEquals(0, ledger.append(genesisRecord(g)).index(), "the same record again: its first index");
    byte[] later = Genesis.record(g, "node-b", SigningKey.generate(), 1_764_000_060_000L);
    // Past index 0 a record's own signature counts again: a member node's key is no org's.
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.append(later));
    assertEquals(LedgerError.UNKNOWN_KEY, e.error());
    byte[] byAnOrg = GovernanceRecords.signedRecord(g, "hk-customs", hkCustoms, 1_764_000_060_000L);
    LedgerException replay = assertThrows(LedgerException.class, () -> ledger.append(byAnOrg));
    assertTrue(replay.getMessage().contains("already applied at index 0"), replay.getMessage());
    assertEquals(1, ledger.head().size());
  }

  @Test
  void check_refusesAGenesisForAnotherLedger_anotherRegistry_orTooFewSignatures() {
    Genesis.check(signedGenesis(founding), ORIGIN, founding);
    SignedProposal other = Genesis.propose("baytrace.example/other", founding, "").signedBy("hk-customs", hkCustoms)
        .signedBy("gd-customs", gdCustoms);
    assertEquals(LedgerError.WRONG_ORIGIN,
        assertThrows(LedgerException.class, () -> Genesis.check(other, ORIGIN, founding)).error());
    LedgerException differs = assertThrows(LedgerException.class, () -> Genesis.check(signedGenesis(registry(3)), ORIGIN, founding));
    assertEquals(LedgerError.REGISTRY_MISMATCH, differs.error());
    assertTrue(differs.getMessage().contains("not this configuration's founding registry"), differs.getMessage());
    SignedProposal one = Genesis.propose(ORIGIN, founding, "").signedBy("hk-customs", hkCustoms);
    LedgerException few = assertThrows(LedgerException.class, () -> Genesis.check(one, ORIGIN, founding));
    assertEquals(LedgerError.NOT_AUTHORISED, few.error());
  }

  @Test
  void theProposalFile_roundTrips_andAnAlteredFieldIsRefused() {
    SignedProposal g = signedGenesis(founding);
    String text = ProposalJson.format(g);
    assertEquals(g.id(), ProposalJson.parse(text).id());
    assertEquals(2, ProposalJson.parse(text).signatures().size());
    InvalidValue e = assertThrows(InvalidValue.class, () -> ProposalJson.parse(text.replace(ORIGIN, "baytrace.example/x")));
    assertTrue(e.getMessage().contains("origin: got \"baytrace.example/x\", but the proposal bytes say"), e.getMessage());
  }
}
