package org.baytrace.tracking.domain.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.gs1.CheckDigit;

/** A registry with one org per role (and a few more), fixed keys, and helpers to judge records. */
final class PolicyFixture {
  static final String ORIGIN = "baytrace.test/ledger";

  static final SigningKey FOODS = key(1);
  static final SigningKey OTHER_FOODS = key(2);
  static final SigningKey CARRIER = key(3);
  static final SigningKey PORT = key(4);
  static final SigningKey BARGE = key(5);
  static final SigningKey OTHER_BARGE = key(6);
  static final SigningKey LAB = key(7);
  static final SigningKey OTHER_LAB = key(8);
  static final SigningKey CUSTOMS = key(9);
  static final SigningKey AUDITOR = key(10);
  static final SigningKey OPERATOR = key(11);
  static final SigningKey MIXED = key(12);
  static final SigningKey NO_PREFIX = key(13);
  static final SigningKey LAB_SECOND_KEY = key(14);

  /** GS1 keys under pearl-river-foods' prefix 6901234, under x's 6905555, and under nobody's. */
  static final String OWN_GTIN = gtin("690123400001");
  static final String X_GTIN = gtin("690555500001");
  static final String MIXED_GTIN = gtin("690777700001");
  static final String NOBODYS_GTIN = gtin("690999900001");
  static final String OWN_SSCC = CheckDigit.append("36901234000000001");
  static final String X_SSCC = CheckDigit.append("36905555000000001");

  private PolicyFixture() {}

  static SigningKey key(int n) {
    byte[] seed = new byte[SigningKey.SEED_LENGTH];
    Arrays.fill(seed, (byte) n);
    return SigningKey.fromSeed(seed);
  }

  /** A GTIN-14 of indicator 0, these 12 digits, and its check digit. */
  static String gtin(String twelve) {
    return CheckDigit.append("0" + twelve);
  }

  static Org org(String id, Set<Role> roles, List<String> prefixes, SigningKey... keys) {
    return new Org(id, id, roles, Arrays.stream(keys).map(k -> OrgKey.of(k.publicKey())).toList(), prefixes, null);
  }

  static List<Org> orgs() {
    return List.of(
        org("pearl-river-foods", Set.of(Role.PRODUCER), List.of("6901234"), FOODS),
        org("x", Set.of(Role.PRODUCER), List.of("6905555"), OTHER_FOODS),
        org("bay-reefer", Set.of(Role.CARRIER), List.of(), CARRIER),
        org("nansha-port", Set.of(Role.PORT), List.of(), PORT),
        org("pearl-barge", Set.of(Role.BARGE_OPERATOR), List.of(), BARGE),
        org("delta-barge", Set.of(Role.BARGE_OPERATOR), List.of(), OTHER_BARGE),
        org("gz-lab", Set.of(Role.LAB), List.of(), LAB, LAB_SECOND_KEY),
        org("hk-lab", Set.of(Role.LAB), List.of(), OTHER_LAB),
        org("gongbei-customs", Set.of(Role.CUSTOMS), List.of(), CUSTOMS),
        org("hk-audit", Set.of(Role.AUDITOR), List.of(), AUDITOR),
        org("gba-operator", Set.of(Role.OPERATOR), List.of(), OPERATOR),
        org("mixed-co", Set.of(Role.PRODUCER, Role.CARRIER), List.of("6907777"), MIXED),
        org("no-prefix-foods", Set.of(Role.PRODUCER), List.of(), NO_PREFIX));
  }

  static OrgRegistry registry() {
    return OrgRegistry.of(orgs());
  }

  static ParsedRecord record(String authorOrg, String kind, List<String> subjects, SigningKey... signers) {
    return Records.parse(signed(ORIGIN, authorOrg, kind, subjects, signers), RecordLimits.DEFAULT);
  }

  /** The SignedRecord bytes of a record on ledger {@code origin}. */
  static byte[] signed(String origin, String authorOrg, String kind, List<String> subjects, SigningKey... signers) {
    byte[] body = RecordBody.newBuilder()
        .setOrigin(origin)
        .setKind(kind)
        .addAllSubjects(subjects)
        .setEventTimeUnixMillis(1_764_000_000_000L)
        .setAuthorOrg(authorOrg)
        .setNonce(ByteString.copyFromUtf8(kind + subjects))
        .build().toByteArray();
    return Records.sign(body, signers);
  }

  /**
   * An {@code epcis.<type>} record as a partner's own system appends it over gRPC: the EPCIS
   * event as JSON-LD content, and the subjects it chose to chain (which need not list what the
   * content names).
   */
  static ParsedRecord event(String authorOrg, String eventJson, List<String> subjects, SigningKey... signers) {
    return event(authorOrg, "", eventJson, subjects, signers);
  }

  /** As {@link #event(String, String, List, SigningKey...)}, signed by {@code authorOrg} for {@code submittedBy}. */
  static ParsedRecord event(String authorOrg, String submittedBy, String eventJson, List<String> subjects,
      SigningKey... signers) {
    String type = eventJson.replaceAll("(?s).*\"type\"\\s*:\\s*\"([A-Za-z]+)\".*", "$1");
    byte[] body = RecordBody.newBuilder()
        .setOrigin(ORIGIN)
        .setKind("epcis." + type)
        .addAllSubjects(subjects)
        .setEventTimeUnixMillis(1_764_000_000_000L)
        .setAuthorOrg(authorOrg)
        .setSubmittedBy(submittedBy)
        .setNonce(ByteString.copyFromUtf8(eventJson))
        .setContentType("application/ld+json")
        .setContent(ByteString.copyFromUtf8(eventJson))
        .build().toByteArray();
    return Records.parse(Records.sign(body, signers), RecordLimits.DEFAULT);
  }

  static void allowed(AuthorPolicy policy, ParsedRecord r) {
    assertDoesNotThrow(() -> policy.check(r), () -> r.authorOrg() + " " + r.kind() + " " + r.subjects());
  }

  /** Asserts the record is refused as NOT_AUTHORISED and returns the message. */
  static String refused(AuthorPolicy policy, ParsedRecord r) {
    return refused(policy, r, LedgerError.NOT_AUTHORISED);
  }

  static String refused(AuthorPolicy policy, ParsedRecord r, LedgerError error) {
    LedgerException e = assertThrows(LedgerException.class, () -> policy.check(r),
        () -> r.authorOrg() + " " + r.kind() + " " + r.subjects() + " must be refused");
    assertEquals(error, e.error(), e.getMessage());
    return e.getMessage();
  }
}
