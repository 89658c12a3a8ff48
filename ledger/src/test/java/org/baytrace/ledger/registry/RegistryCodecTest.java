package org.baytrace.ledger.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.api.governance.v1.Registry.Builder;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.tls.Fingerprint;
import org.junit.jupiter.api.Test;

/** The registry's canonical encoding: one registry, one byte string, whatever order it was built in. */
class RegistryCodecTest {
  final SigningKey a = SigningKey.generate();
  final SigningKey b = SigningKey.generate();
  final SigningKey node = SigningKey.generate();
  final SigningKey bargeKey = SigningKey.generate();

  Registry registry(boolean reversed) {
    Org customs = new Org("hk-customs", "HK Customs", Set.of(Role.CUSTOMS, Role.AUDITOR),
        List.of(new OrgKey(a.publicKey(), Instant.parse("2026-01-01T00:00:00Z"), null), OrgKey.of(b.publicKey())),
        List.of("4890001", "4890002"), "hk-aeo", List.of());
    Org barge = Org.of("pearl-barge", Role.BARGE_OPERATOR, bargeKey.publicKey());
    List<Org> orgs = reversed ? List.of(barge, customs.withKeys(List.of(customs.keys().get(1), customs.keys().get(0)))
        .withGs1CompanyPrefixes(List.of("4890002", "4890001"))) : List.of(customs, barge);
    Member m = new Member("node-1", new NoteVerifier("node-1", node.publicKey()),
        Optional.of(Fingerprint.parse("ab".repeat(32))), "10.0.0.1:50051", "10.0.0.1:50052", OrgKey.FOUNDING);
    return new Registry(OrgRegistry.of(orgs), List.of(m), new Governance(1, List.of("pearl-barge", "hk-customs")));
  }

  @Test
  void oneRegistry_hasOneEncoding_whateverOrderItWasBuiltIn() {
    assertArrayEquals(RegistryCodec.encode(registry(false)), RegistryCodec.encode(registry(true)));
  }

  @Test
  void decode_givesBackTheSameRegistry() {
    byte[] bytes = RegistryCodec.encode(registry(false));
    Registry back = RegistryCodec.decode(bytes);
    assertArrayEquals(bytes, RegistryCodec.encode(back));
    assertEquals(PolicyTable.defaults(), back.orgs().policy());
    assertEquals("hk-aeo", back.orgs().org("hk-customs").orElseThrow().aeoStatus());
  }

  @Test
  void nonCanonicalBytes_areRefused() {
    Builder p = RegistryCodec.toProto(registry(false)).toBuilder();
    var orgs = List.copyOf(p.getOrgsList());
    p.clearOrgs().addOrgs(orgs.get(1)).addOrgs(orgs.get(0)); // unsorted
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RegistryCodec.decode(p.build().toByteArray()));
    assertTrue(e.getMessage().contains("not in canonical form"), e.getMessage());
  }

  @Test
  void proposal_roundTrips_andItsSignaturesCoverItsExactBytes() throws Exception {
    SignedProposal sp = SignedProposal.unsigned(Proposal.of("o", 3,
        new Change.EndKey("hk-customs", a.publicKey(), true, "leaked"), "revoke")).signedBy("hk-customs", b);
    SignedProposal back = ProposalCodec.decodeSigned(ProposalCodec.encode(sp));
    assertEquals(sp.proposal(), back.proposal());
    assertEquals(sp.id(), back.id());
    back.verify(0);
    assertEquals("RevokeKey", back.proposal().change().kind());
  }
}
