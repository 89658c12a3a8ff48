package org.baytrace.ledger.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.junit.jupiter.api.Test;

/**
 * The trust root of a ledger that begins with its genesis: the hash of entry 0's exact bytes, the
 * same however members and keys change later, recomputable by anyone from the published entry.
 */
class GenesisRootTest {
  static final String ORIGIN = TestRecords.ORIGIN;

  final SigningKey hkCustoms = SigningKey.generate();
  final SigningKey gdCustoms = SigningKey.generate();
  final SigningKey nodeKey = SigningKey.generate();

  Registry founding(List<Member> members) {
    OrgRegistry orgs = OrgRegistry.of(List.of(GovernanceRuleTest.org("hk-customs", Role.CUSTOMS, hkCustoms),
        GovernanceRuleTest.org("gd-customs", Role.CUSTOMS, gdCustoms)));
    return new Registry(orgs, members, new Governance(2, List.of("hk-customs", "gd-customs")));
  }

  byte[] entry0(Registry r, long index, String origin) {
    SignedProposal g = Genesis.propose(origin, r, "genesis").signedBy("hk-customs", hkCustoms).signedBy("gd-customs", gdCustoms);
    byte[] record = Genesis.record(g, "node-a", nodeKey, 1_764_000_000_000L);
    return LeafCodec.encode(index, 1_764_000_000_001L, List.of(new Leaf.Link(GovernanceRecords.SUBJECT, null)), record);
  }

  static Member member(String name) {
    return new Member(name, new NoteVerifier(name, SigningKey.generate().publicKey()), Optional.empty(), "127.0.0.1:1",
        "127.0.0.1:2", OrgRegistry.OrgKey.FOUNDING);
  }

  @Test
  void id_isTheContractsHashOfEntry0_recomputedWithoutTheLedgersCode() throws Exception {
    byte[] entry = entry0(founding(List.of()), 0, ORIGIN);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0x00);
    byte[] leafHash = sha.digest(entry);
    String text = "baytrace/trust-root/v2\norigin " + ORIGIN + "\ngenesis " + Base64.getEncoder().encodeToString(leafHash) + "\n";
    byte[] idHash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    String want = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(idHash, 16));

    GenesisRoot root = GenesisRoot.of(ORIGIN, entry);
    assertEquals(text, root.canonicalText());
    assertEquals(want, root.id());
    assertEquals(22, root.id().length());
    assertTrue(root.id().matches("[A-Za-z0-9_-]{22}"), root.id());
  }

  @Test
  void anyChangedByteOfEntry0_givesAnotherId() {
    byte[] entry = entry0(founding(List.of()), 0, ORIGIN);
    String id = GenesisRoot.of(ORIGIN, entry).id();
    int changed = 0;
    for (int i = 0; i < entry.length; i += 7) {
      byte[] flipped = entry.clone();
      flipped[i] ^= 0x01;
      try {
        assertNotEquals(id, GenesisRoot.of(ORIGIN, flipped).id(), "byte " + i);
        changed++;
      } catch (IllegalArgumentException refused) {
        // a flip that breaks the entry's shape is refused outright
      }
    }
    assertTrue(changed > 10, "flips that still decode: " + changed);
  }

  @Test
  void entryThatIsNotAGenesisOfThisLedger_isRefused_sayingWhy() {
    Registry r = founding(List.of());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisRoot.of("baytrace.test/other", entry0(r, 0, ORIGIN)))
        .getMessage().contains("origin: got \"" + ORIGIN + "\", want \"baytrace.test/other\""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisRoot.of(ORIGIN, entry0(r, 1, ORIGIN)))
        .getMessage().contains("index: got 1, want 0"));
    byte[] ordinary = LeafCodec.encode(0, 1L, List.of(), TestRecords.signed(SigningKey.generate(), "hk-customs", List.of("lot-1"), "n1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisRoot.of(ORIGIN, ordinary))
        .getMessage().contains("the ledger does not begin with a genesis entry"));
    assertThrows(IllegalArgumentException.class, () -> GenesisRoot.of(ORIGIN, new byte[] {1, 2, 3}));
  }

  @Test
  void checkpointSigners_singleNode_isTheGenesisAppendersKeyAlone() {
    GenesisRoot root = GenesisRoot.of(ORIGIN, entry0(founding(List.of()), 0, ORIGIN));
    TrustRoot signers = root.checkpointSigners(founding(List.of()));
    assertEquals(1, signers.threshold());
    assertEquals(List.of(new NoteVerifier("node-a", nodeKey.publicKey())), signers.keys());
  }

  @Test
  void checkpointSigners_followTheMembers_whileTheRootStaysTheSame() {
    List<Member> three = List.of(member("node-a"), member("node-b"), member("node-c"));
    Registry atGenesis = founding(three);
    GenesisRoot root = GenesisRoot.of(ORIGIN, entry0(atGenesis, 0, ORIGIN));
    TrustRoot before = root.checkpointSigners(atGenesis);
    assertEquals(2, before.threshold());
    assertEquals(3, before.keys().size());
    Registry later = new Change.AddMember(member("node-d")).applyTo(atGenesis, 5);
    TrustRoot after = root.checkpointSigners(later);
    assertEquals(3, after.threshold());
    assertEquals(4, after.keys().size());
    assertNotEquals(before.id(), after.id()); // a key-set code printed before names an older key set
  }
}
