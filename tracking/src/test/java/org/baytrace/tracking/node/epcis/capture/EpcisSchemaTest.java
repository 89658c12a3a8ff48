package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's own copy of GS1's EPCIS schema rules: named after GS1's schema, violations located. */
class EpcisSchemaTest {
  @Test
  void rules_followGs1Schema_underItsId() {
    assertEquals("https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json", EpcisSchema.gs1().id());
    assertEquals(Gs1JsonSchema.shared().id(), EpcisSchema.gs1().id());
  }

  @Test
  void violations_nameThePointerAndRule_deepestFirst_andAreCapped() {
    JsonNode doc = CaptureFixture.json(CaptureFixture.read(
        CaptureFixture.examplesDir().resolve("Example_9.6.1-ObjectEvent.jsonld")));
    EpcisSchema schema = EpcisSchema.gs1();
    assertEquals(List.of(), schema.validate(doc));

    ObjectNode bad = doc.deepCopy();
    bad.remove("schemaVersion");
    ((ObjectNode) bad.at("/epcisBody/eventList/1")).put("eventTimeZoneOffset", "+25:00");
    List<SchemaViolation> v = schema.validate(bad);
    assertEquals("/epcisBody/eventList/1/eventTimeZoneOffset", v.get(0).pointer(), v.toString());
    assertEquals("pattern", v.get(0).keyword());
    SchemaViolation last = v.get(v.size() - 1);
    assertEquals("", last.pointer());
    assertEquals("required", last.keyword());
    assertTrue(last.message().contains("schemaVersion"), last.toString());
    assertTrue(last.toString().startsWith("(document): required: "), last.toString());
    assertTrue(last.schemaLocation().startsWith(EpcisSchema.ID + "#/definitions/epcisDocument"), last.toString());

    ObjectNode many = doc.deepCopy();
    for (JsonNode e : many.at("/epcisBody/eventList")) {
      for (int i = 0; i < 30; i++) {
        ((ArrayNode) e.get("epcList")).add("not a uri " + i);
      }
    }
    assertEquals(EpcisSchema.MAX_VIOLATIONS, schema.validate(many).size());
  }

  @Test
  void formats_areAbsoluteUrisAndRfc3339DateTimes() {
    assertTrue(EpcisSchema.isUri("urn:epc:id:sgtin:0614141.107346.2017"));
    assertTrue(EpcisSchema.isUri("example:myField"));
    assertFalse(EpcisSchema.isUri("myField"));
    assertFalse(EpcisSchema.isUri("not a uri"));
    assertTrue(EpcisSchema.isDateTime("2005-04-03T20:33:31.116-06:00"));
    assertTrue(EpcisSchema.isDateTime("2024-02-29T00:00:00Z"));
    assertFalse(EpcisSchema.isDateTime("2023-02-29T00:00:00Z"));
    assertFalse(EpcisSchema.isDateTime("2005-04-03T20:33:31"));
    assertFalse(EpcisSchema.isDateTime("2005-04-03 20:33:31Z"));
    assertFalse(EpcisSchema.isDateTime("2005-04-03T24:00:00Z"));
  }
}
