package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.GTIN;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_DL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger source over real subject histories (RocksDB). */
class LedgerTraceSourceTest {
  @TempDir Path dir;

  static Map<Long, TraceEvent> byIndex(List<TraceEvent> events) {
    Map<Long, TraceEvent> out = new TreeMap<>();
    events.forEach(e -> out.put(e.ledgerIndex(), e));
    assertEquals(events.size(), out.size(), "each entry once");
    return out;
  }

  static List<Long> indexes(List<TraceEvent> events) {
    return events.stream().map(TraceEvent::ledgerIndex).toList();
  }

  @Test
  void lot_findsItsEvents_skipsOtherRecordKinds_eachEntryOnce() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      List<TraceEvent> events = new LedgerTraceSource(f.ledger).eventsFor(TraceCode.parse(LOT_DL));
      Map<Long, TraceEvent> m = byIndex(events);
      // 8 lot events (with the error declaration) and the packing event; not the note at index 0
      assertEquals(9, m.size());
      assertNull(m.get(0L));
      m.values().forEach(e -> {
        assertEquals(Relation.DIRECT, e.relation());
        assertNull(e.via());
      });
    }
  }

  @Test
  void itemWithoutLotInTheCode_findsTheLotFromItsOwnMasterData() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      String box = "https://id.gs1.org/01/" + GTIN + "/21/BOX-0002";
      ObjectNode commissioning = DurianTrace.json("""
          {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0201-4a51-bd6a-0bba133845a8",
           "eventTime": "2026-11-20T15:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
           "action": "ADD", "bizStep": "commissioning", "epcList": ["%s"],
           "ilmd": {"cbvmda:lotNumber": "DUR-2026-0425"}}
          """.formatted(box));
      long own = f.append(commissioning);
      Map<Long, TraceEvent> m = byIndex(new LedgerTraceSource(f.ledger).eventsFor(TraceCode.parse(box)));
      assertEquals(Relation.DIRECT, m.get(own).relation());
      assertEquals(10, m.size()); // its own event and the lot's nine
      m.values().stream().filter(e -> e.ledgerIndex() != own).forEach(e -> {
        assertEquals(Relation.CLASS, e.relation());
        assertEquals(LOT_DL, e.via());
      });
    }
  }

  @Test
  void readsInPages_andStopsAtTheLimitPerSubject() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      TraceCode lot = TraceCode.parse(LOT_DL);
      List<Long> all = indexes(new LedgerTraceSource(f.ledger).eventsFor(lot));
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), all);
      assertEquals(all, indexes(new LedgerTraceSource(f.ledger, 1000, 2).eventsFor(lot)));
      // the limit counts entries read: the first five under the lot include the note at index 0
      assertEquals(all.subList(0, 4), indexes(new LedgerTraceSource(f.ledger, 5, 2).eventsFor(lot)));
    }
  }
}
