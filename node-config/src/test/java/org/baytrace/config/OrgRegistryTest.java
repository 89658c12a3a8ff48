package org.baytrace.config;

import org.baytrace.ledger.registry.OrgRegistry;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.junit.jupiter.api.Test;

class OrgRegistryTest {
  private static final Instant JAN_2026 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END_2027 = Instant.parse("2027-12-31T00:00:00Z");

  private final SigningKey producerKey = TestKeys.key(1);
  private final SigningKey customsKey = TestKeys.key(2);
  private final SigningKey expiringKey = TestKeys.key(3);
  private final SigningKey strangerKey = TestKeys.key(9);

  private final OrgRegistry registry = OrgRegistry.of(List.of(
      new Org("pearl-river-foods", "Pearl River Foods", Set.of(Role.PRODUCER),
          List.of(OrgKey.of(producerKey.publicKey()), new OrgKey(expiringKey.publicKey(), JAN_2026, END_2027)),
          List.of("6901234"), "cn-advanced-certified"),
      Org.of("hk-customs", Role.CUSTOMS, customsKey.publicKey())));
  private final AuthorPolicy policy = registry.authorPolicy();

  private static ParsedRecord record(String authorOrg, Instant eventTime, SigningKey... keys) {
    byte[] body = RecordBody.newBuilder()
        .setOrigin("baytrace.test/ledger")
        .setKind("epcis.ObjectEvent")
        .addSubjects("https://id.gs1.org/01/06901234000017/10/LOT1")
        .setEventTimeUnixMillis(eventTime.toEpochMilli())
        .setAuthorOrg(authorOrg)
        .setNonce(ByteString.copyFromUtf8("n"))
        .build().toByteArray();
    return Records.parse(Records.sign(body, keys), RecordLimits.DEFAULT);
  }

  private LedgerException refused(ParsedRecord r, LedgerError error) {
    LedgerException e = assertThrows(LedgerException.class, () -> policy.check(r));
    assertEquals(error, e.error(), e.getMessage());
    return e;
  }

  @Test
  void authorPolicy_registeredKeyOfTheAuthorOrg_isAccepted() {
    assertDoesNotThrow(() -> policy.check(record("pearl-river-foods", JAN_2026, producerKey)));
    assertDoesNotThrow(() -> policy.check(record("hk-customs", JAN_2026, customsKey)));
  }

  @Test
  void authorPolicy_registeredCosignerOfAnotherOrg_isAccepted() {
    assertDoesNotThrow(() -> policy.check(record("pearl-river-foods", JAN_2026, producerKey, customsKey)));
  }

  @Test
  void authorPolicy_unknownKey_isRefusedAsUnknownKey_namingTheKeyId() {
    LedgerException e = refused(record("pearl-river-foods", JAN_2026, strangerKey), LedgerError.UNKNOWN_KEY);
    assertTrue(e.getMessage().contains(strangerKey.keyId()), e.getMessage());
  }

  @Test
  void authorPolicy_unknownCosigner_isRefusedAsUnknownKey() {
    LedgerException e = refused(record("pearl-river-foods", JAN_2026, producerKey, strangerKey), LedgerError.UNKNOWN_KEY);
    assertTrue(e.getMessage().contains(strangerKey.keyId()), e.getMessage());
  }

  @Test
  void authorPolicy_keyOfAnotherOrg_isRefusedAsNotAuthorised_namingBothOrgs() {
    LedgerException e = refused(record("hk-customs", JAN_2026, producerKey), LedgerError.NOT_AUTHORISED);
    assertTrue(e.getMessage().contains("\"hk-customs\""), e.getMessage());
    assertTrue(e.getMessage().contains("\"pearl-river-foods\""), e.getMessage());
  }

  @Test
  void authorPolicy_unregisteredAuthorOrg_isRefusedAsNotAuthorised() {
    refused(record("nobody", JAN_2026, producerKey), LedgerError.NOT_AUTHORISED);
  }

  @Test
  void authorPolicy_expiredKey_isRefusedAsNotAuthorised_withItsValidity() {
    Instant after = END_2027.plusMillis(1);
    LedgerException e = refused(record("pearl-river-foods", after, expiringKey), LedgerError.NOT_AUTHORISED);
    assertEquals("key " + expiringKey.keyId() + " of org \"pearl-river-foods\" not valid at 2027-12-31T00:00:00.001Z"
        + " (body.event_time_unix_millis " + after.toEpochMilli() + "): valid from 2026-01-01T00:00:00Z"
        + " to 2027-12-31T00:00:00Z", e.getMessage());
  }

  @Test
  void authorPolicy_keyNotYetValid_isRefusedAsNotAuthorised() {
    refused(record("pearl-river-foods", JAN_2026.minusMillis(1), expiringKey), LedgerError.NOT_AUTHORISED);
  }

  @Test
  void authorPolicy_validityEnds_areInclusive() {
    assertDoesNotThrow(() -> policy.check(record("pearl-river-foods", JAN_2026, expiringKey)));
    assertDoesNotThrow(() -> policy.check(record("pearl-river-foods", END_2027, expiringKey)));
  }

  @Test
  void authorPolicy_expiredCosigner_isRefused() {
    refused(record("hk-customs", END_2027.plusSeconds(1), customsKey, expiringKey), LedgerError.NOT_AUTHORISED);
  }

  @Test
  void authorPolicy_ofAnEmptyRegistry_refusesEveryRecord() {
    LedgerException e = assertThrows(LedgerException.class,
        () -> OrgRegistry.empty().authorPolicy().check(record("pearl-river-foods", JAN_2026, producerKey)));
    assertEquals(LedgerError.UNKNOWN_KEY, e.error());
  }

  @Test
  void lookups_findOrgsByIdAndByKey() {
    assertEquals("pearl-river-foods", registry.orgOfKey(expiringKey.publicKey()).orElseThrow().id());
    assertEquals(Optional.empty(), registry.orgOfKey(strangerKey.publicKey()));
    assertEquals(Set.of(Role.CUSTOMS), registry.org("hk-customs").orElseThrow().roles());
    assertTrue(registry.org("hk-customs").orElseThrow().hasRole(Role.CUSTOMS));
    assertEquals(Optional.empty(), registry.org("nobody"));
    assertEquals(END_2027, registry.registration(expiringKey.publicKey()).orElseThrow().notAfter());
    assertFalse(registry.isEmpty());
    assertTrue(OrgRegistry.of(List.of()).isEmpty());
  }

  @Test
  void of_duplicateOrgId_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrgRegistry.of(List.of(
        Org.of("a", Role.PORT, producerKey.publicKey()), Org.of("a", Role.PORT, customsKey.publicKey()))));
    assertEquals("orgs[1].id: \"a\" is already registered by orgs[0]", e.getMessage());
  }

  @Test
  void of_keyRegisteredToTwoOrgs_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrgRegistry.of(List.of(
        Org.of("a", Role.PORT, producerKey.publicKey()), Org.of("b", Role.LAB, customsKey.publicKey(), producerKey.publicKey()))));
    assertEquals("orgs[1].keys[1]: key " + producerKey.keyId()
        + " is already registered to org \"a\"; a key signs for one org only", e.getMessage());
  }

  @Test
  void withOrg_addsAnOrg_andRefusesAKeyAlreadyRegistered() {
    OrgRegistry more = registry.withOrg(Org.of("local-operator", Role.OPERATOR, strangerKey.publicKey()));
    assertEquals(3, more.orgs().size());
    assertDoesNotThrow(() -> more.authorPolicy().check(record("local-operator", JAN_2026, strangerKey)));
    assertEquals(2, registry.orgs().size(), "the original registry is unchanged");
    assertThrows(IllegalArgumentException.class,
        () -> registry.withOrg(Org.of("thief", Role.OPERATOR, producerKey.publicKey())));
  }

  @Test
  void roles_useLowerCaseTomlNames() {
    assertEquals("barge_operator", Role.BARGE_OPERATOR.tomlName());
    assertEquals(Optional.of(Role.BARGE_OPERATOR), Role.fromTomlName("barge_operator"));
    assertEquals(Optional.empty(), Role.fromTomlName("BARGE_OPERATOR"));
  }

  @Test
  void org_isImmutable() {
    Org org = registry.org("pearl-river-foods").orElseThrow();
    assertThrows(UnsupportedOperationException.class, () -> org.roles().add(Role.LAB));
    assertThrows(UnsupportedOperationException.class, () -> org.keys().clear());
    assertThrows(UnsupportedOperationException.class, () -> org.gs1CompanyPrefixes().clear());
  }
}
