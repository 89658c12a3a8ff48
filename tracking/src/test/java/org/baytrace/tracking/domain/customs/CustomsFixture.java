package org.baytrace.tracking.domain.customs;

import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.ORIGIN;

import com.google.protobuf.Message;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.customs.v1.Declaration;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;

/** The water-bus fixture's ledger with the customs rule installed too, and customs record builders. */
final class CustomsFixture implements AutoCloseable {
  static final String DURIAN = "https://id.gs1.org/01/09506000134352/10/DURIAN-0425";
  static final String BEEF = "https://id.gs1.org/01/09506000134352/10/BEEF-1127";
  static final String IMPORTER = "durian-importer";

  final WaterBusFixture f;
  CustomsRule rule;

  CustomsFixture(Path dir) {
    f = new WaterBusFixture(dir);
  }

  CustomsFixture open() {
    rule = new CustomsRule(f.registry);
    f.open(rule);
    return this;
  }

  CustomsState state() {
    return rule.state();
  }

  static Declaration.Builder declaration(String number, DeclarationType type, String... containers) {
    return Declaration.newBuilder().setDeclarationNumber(number).setType(type).addGoods(DURIAN).setDeclarantOrg(IMPORTER)
        .setPort("CNNSA").addAllContainers(List.of(containers));
  }

  static String urn(String number) {
    return DeclarationSubject.of(CUSTOMS, number).urn();
  }

  RecordBody declarationRecord(String author, long lodged, Declaration d) {
    return CustomsRecords.declaration(ORIGIN, author, CUSTOMS, lodged, d);
  }

  /** Lodges a declaration by the importer; returns its URN. */
  String lodge(long lodged, Declaration d) {
    f.append(declarationRecord(IMPORTER, lodged, d));
    return urn(d.getDeclarationNumber());
  }

  RecordBody stage(String author, String urn, long time, Message m) {
    return CustomsRecords.stage(ORIGIN, author, urn, time, m);
  }

  void append(String author, String urn, long time, Message m) {
    f.append(stage(author, urn, time, m));
  }

  @Override
  public void close() {
    f.close();
  }
}
