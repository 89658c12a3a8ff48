package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.waterbus.v1.EquipmentEvent;
import org.junit.jupiter.api.Test;

class RecordInputTest {
  private static final String DISC = "{\"kind\":\"waterbus.EquipmentEvent\",\"subjects\":[\"urn:baytrace:container:LNLU2611022\"],"
      + "\"eventTime\":\"2026-11-23T05:30:00Z\",\"contentType\":\"application/protobuf; proto=baytrace.waterbus.v1.EquipmentEvent\","
      + "\"content\":{\"containerNumber\":\"LNLU2611022\",\"event_type\":\"DISC\",\"port\":\"CNNSA\",\"eventTimeUnixMillis\":\"1795411800000\"}}";

  @Test
  void protobufContent_givenAsJson_isStoredAsTheSerialisedMessage() throws Exception {
    RecordBody body = RecordInput.fromJsonLine(DISC, "o", "pearl-barge");
    assertEquals("application/protobuf; proto=baytrace.waterbus.v1.EquipmentEvent", body.getContentType());
    EquipmentEvent e = EquipmentEvent.parseFrom(body.getContent());
    assertEquals(EquipmentEvent.newBuilder().setContainerNumber("LNLU2611022").setEventType("DISC").setPort("CNNSA")
        .setEventTimeUnixMillis(1795411800000L).build(), e);
  }

  @Test
  void protobufContent_withAFieldTheMessageLacks_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecordInput.fromJsonLine(DISC.replace("\"port\"", "\"harbour\""), "o", "pearl-barge"));
    assertTrue(e.getMessage().startsWith("content: not a baytrace.waterbus.v1.EquipmentEvent"), e.getMessage());
  }

  @Test
  void protobufContent_ofAnUnknownMessage_namesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecordInput.fromJsonLine(DISC.replace("proto=baytrace.waterbus.v1.EquipmentEvent", "proto=x.Y"), "o", "b"));
    assertTrue(e.getMessage().contains("baytrace.waterbus.v1.EquipmentEvent"), e.getMessage());
  }
}
