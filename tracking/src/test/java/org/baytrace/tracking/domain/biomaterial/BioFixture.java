package org.baytrace.tracking.domain.biomaterial;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.HandOver;
import org.baytrace.api.biomaterial.v1.Shipment;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.node.biomaterial.BiomaterialFeature;

/** Four orgs with keys in a registry, and a RocksDB ledger with the biomaterial rule installed. */
public final class BioFixture {
  public static final String SSCC = "https://id.gs1.org/00/106141411234567897";
  static final String URN = "urn:baytrace:biomaterial:shipment:gz-lab:SPEC-0001";
  public static final long T0 = 1_795_000_000_000L;
  public static final long HOUR = 3_600_000L;

  public final SigningKey lab = SigningKey.generate();
  final SigningKey lab2 = SigningKey.generate(); // the lab's second key
  public final SigningKey courier = SigningKey.generate();
  public final SigningKey hkLab = SigningKey.generate();
  final SigningKey stranger = SigningKey.generate();
  final OrgRegistry registry = OrgRegistry.of(List.of(
      new Org("gz-lab", "Guangzhou Clinical Lab", java.util.Set.of(Role.LAB),
          List.of(OrgRegistry.OrgKey.of(lab.publicKey()), OrgRegistry.OrgKey.of(lab2.publicKey())), List.of(), null),
      Org.of("baiyun-courier", Role.CARRIER, courier.publicKey()),
      Org.of("hk-lab", Role.LAB, hkLab.publicKey()),
      Org.of("stranger", Role.CARRIER, stranger.publicKey())));
  final NoteSigner node = new NoteSigner("n", SigningKey.generate());
  final Path dir;
  public BiomaterialFeature feature;
  int nonce;

  public BioFixture(Path dir) {
    this.dir = dir;
  }

  public Ledger open() {
    feature = BiomaterialFeature.create(registry);
    Ledger l = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, node, registry.authorPolicy()),
        LedgerStores.openRocksDb(dir));
    feature.applyRules().forEach(l::install);
    return l;
  }

  static RecordBody.Builder body(String kind, String org, String subject, long time, String proto,
      com.google.protobuf.Message content, String nonce) {
    return RecordBody.newBuilder().setOrigin(TestRecords.ORIGIN).setKind(kind).addSubjects(subject)
        .setEventTimeUnixMillis(time).setAuthorOrg(org).setNonce(ByteString.copyFrom(nonce, StandardCharsets.UTF_8))
        .setContentType(ProtoContent.contentType(proto)).setContent(content.toByteString());
  }

  public RecordBody.Builder shipment(String subject, Category category, TemperatureClass cls, String permit) {
    return body(BiomaterialRecords.SHIPMENT, "gz-lab", subject, T0, BiomaterialRecords.SHIPMENT_PROTO,
        Shipment.newBuilder().setCategory(category).setTemperatureClass(cls).setPermitReference(permit)
            .setConsigneeOrg("hk-lab").setDescription("Serum samples, 24 tubes").build(), "s" + nonce++);
  }

  public RecordBody.Builder handOver(String subject, String from, String to, long time) {
    return body(BiomaterialRecords.HAND_OVER, from, subject, time, BiomaterialRecords.HAND_OVER_PROTO,
        HandOver.newBuilder().setFromOrg(from).setToOrg(to).setLocation("CAN Baiyun cargo terminal")
            .setCondition("packaging intact").build(), "h" + nonce++);
  }

  public static byte[] sign(RecordBody.Builder b, SigningKey... keys) {
    return Records.sign(b.build().toByteArray(), keys);
  }
}
