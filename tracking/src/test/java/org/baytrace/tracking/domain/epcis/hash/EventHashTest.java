package org.baytrace.tracking.domain.epcis.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventHashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTEXT =
      "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\","
          + " {\"example\": \"https://ns.example.com/epcis/\"}]";

  /** The EPCIS standard's ObjectEvent example, written one way. */
  private static final String EVENT =
      """
      {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping",
       "disposition": "in_transit",
       "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
       "eventTime": "2005-04-03T20:33:31.116000-06:00", "eventTimeZoneOffset": "-06:00",
       "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
       "bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}],
       "example:myField": "Example of a vendor/user extension"}
      """;

  /** The same event: other key and list order, Digital Links, full URIs, UTC, another prefix. */
  private static final String SAME_EVENT =
      """
      {"ex:myField": " Example of a vendor/user extension ",
       "bizTransactionList": [{"bizTransaction": "http://transaction.acme.com/po/12345678",
                               "type": "https://ref.gs1.org/cbv/BTT-po"}],
       "readPoint": {"id": "https://id.gs1.org/414/0614141073467/254/1234"},
       "eventTimeZoneOffset": "-06:00", "eventTime": "2005-04-04T02:33:31.116Z",
       "epcList": ["https://example.com/01/10614141073464/21/2018?x=1",
                   "https://id.gs1.org/01/10614141073464/21/2017"],
       "disposition": "urn:epcglobal:cbv:disp:in_transit",
       "bizStep": "https://ref.gs1.org/cbv/BizStep-shipping", "action": "OBSERVE",
       "eventID": "urn:uuid:0d7f2e4a-8d0e-4b8a-b1a5-6a3c1d0e9f11",
       "recordTime": "2024-01-01T00:00:00Z", "type": "ObjectEvent"}
      """;

  private static final String WANT_PRE_HASH =
      "eventType=ObjectEventeventTime=2005-04-04T02:33:31.116ZeventTimeZoneOffset=-06:00"
          + "epcListepc=https://id.gs1.org/01/10614141073464/21/2017"
          + "epc=https://id.gs1.org/01/10614141073464/21/2018action=OBSERVE"
          + "bizStep=https://ref.gs1.org/cbv/BizStep-shipping"
          + "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
          + "readPointid=https://id.gs1.org/414/0614141073467/254/1234"
          + "bizTransactionListtype=https://ref.gs1.org/cbv/BTT-po"
          + "bizTransaction=http://transaction.acme.com/po/12345678"
          + "{https://ns.example.com/epcis/}myField=Example of a vendor/user extension";

  @Test
  void preHashString_standardExample() throws IOException {
    assertEquals(WANT_PRE_HASH, EventHash.preHashString(tree(EVENT), tree(CONTEXT)));
  }

  @Test
  void hashId_isSha256OfPreHashInNiForm() throws IOException {
    // printf '%s' "$PRE" | sha256sum
    assertEquals(
        EventHash.hashIdOf(WANT_PRE_HASH), EventHash.hashId(tree(EVENT), tree(CONTEXT)));
    assertEquals(
        "ni:///sha-256;e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855?ver=CBV2.0",
        EventHash.hashIdOf(""));
  }

  @Test
  void hashId_sameEventOtherwiseWritten_isEqual() throws IOException {
    JsonNode otherContext =
        tree("[{\"ex\": \"https://ns.example.com/epcis/\"}]");
    assertEquals(WANT_PRE_HASH, EventHash.preHashString(tree(SAME_EVENT), otherContext));
    assertEquals(
        EventHash.hashId(tree(EVENT), tree(CONTEXT)),
        EventHash.hashId(tree(SAME_EVENT), otherContext));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"action\": \"OBSERVE\"|\"action\": \"ADD\"",
        "\"2005-04-03T20:33:31.116000-06:00\"|\"2005-04-03T20:33:31.117000-06:00\"",
        "0614141.107346.2018|0614141.107346.2019",
        "\"shipping\"|\"receiving\"",
        "\"example:myField\": \"Example|\"example:myField2\": \"Example",
        "\"readPoint\": {|\"bizLocation\": {"
      })
  void hashId_anyChange_changesIt(String from, String to) throws IOException {
    String changed = EVENT.replace(from, to);
    assertNotEquals(EVENT, changed);
    assertNotEquals(
        EventHash.hashId(tree(EVENT), tree(CONTEXT)), EventHash.hashId(tree(changed), tree(CONTEXT)));
  }

  @Test
  void preHashString_ignoredFields_areLeftOut() throws IOException {
    String withOnlyStandard = EventHash.preHashString(tree(EVENT), tree(CONTEXT), List.of("example:myField"));
    assertEquals(
        WANT_PRE_HASH.replace("{https://ns.example.com/epcis/}myField=Example of a vendor/user extension", ""),
        withOnlyStandard);
  }

  @Test
  void preHashString_extensionsOfStandardParts_followTheirParent() throws IOException {
    String event =
        """
        {"type": "ObjectEvent", "eventTime": "2020-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00",
         "readPoint": {"example:b": "2", "id": "urn:epc:id:sgln:4012345.00011.0", "example:a": 1.50},
         "quantityList": [{"uom": "KGM", "example:q": "x", "quantity": 2.0,
                           "epcClass": "urn:epc:class:lgtin:4012345.012345.L1"}],
         "ilmd": {"example:z": {"example:n": ["3", "1"]}, "example:y": "2020-01-01"},
         "example:top": [true, "a"]}
        """;
    assertEquals(
        "eventType=ObjectEventeventTime=2020-01-01T00:00:00.000ZeventTimeZoneOffset=+00:00"
            + "quantityListquantityElementepcClass=https://id.gs1.org/01/04012345123456/10/L1"
            + "quantity=2uom=KGM{https://ns.example.com/epcis/}q=x"
            + "readPointid=https://id.gs1.org/414/4012345000115"
            + "{https://ns.example.com/epcis/}a=1.5{https://ns.example.com/epcis/}b=2"
            + "ilmd{https://ns.example.com/epcis/}y=2020-01-01"
            + "{https://ns.example.com/epcis/}z{https://ns.example.com/epcis/}n=1"
            + "{https://ns.example.com/epcis/}n=3"
            + "{https://ns.example.com/epcis/}top=a{https://ns.example.com/epcis/}top=true",
        EventHash.preHashString(tree(event), tree(CONTEXT)));
  }

  @Test
  void preHashString_sensorElements_orderedFieldsThenSortedReports() throws IOException {
    String event =
        """
        {"type": "ObjectEvent", "eventTime": "2020-01-01T01:00:00+01:00", "eventTimeZoneOffset": "+01:00",
         "sensorElementList": [{"sensorReport": [{"value": 26.10, "type": "Temperature", "uom": "CEL"},
                                                 {"uom": "A93", "type": "gs1:AbsoluteHumidity", "value": 12}],
                                "example:e": "x",
                                "sensorMetadata": {"deviceID": "urn:epc:id:giai:4000001.111",
                                                   "time": "2020-01-01T00:59:59.9996Z"}}]}
        """;
    assertEquals(
        "eventType=ObjectEventeventTime=2020-01-01T00:00:00.000ZeventTimeZoneOffset=+01:00"
            + "sensorElementListsensorElementsensorMetadatatime=2020-01-01T01:00:00.000Z"
            + "deviceID=https://id.gs1.org/8004/4000001111"
            + "sensorReporttype=https://gs1.org/voc/AbsoluteHumidityvalue=12uom=A93"
            + "sensorReporttype=https://gs1.org/voc/Temperaturevalue=26.1uom=CEL"
            + "{https://ns.example.com/epcis/}e=x",
        EventHash.preHashString(tree(event), tree(CONTEXT)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "452.0|452",
        "0.10|0.1",
        "26|26",
        "+5|5",
        "007|7",
        "-0.0|0",
        "1E5|100000",
        "1e-5|1e-05",
        "1.5e-07|1.5e-07",
        "0.0001|0.0001",
        "12.2|12.2",
        "0.1000000000000000055511151231257827|0.1",
        "123456789012345678901|123456789012345683968"
      })
  void number_withoutTrailingZeros(String in, String want) {
    assertEquals(want, Canon.number(in));
  }

  @Test
  void number_nonNumbers_areNotNumbers() {
    assertNull(Canon.number("2023-10-09"));
    assertNull(Canon.number("+01:00"));
    assertNull(Canon.number("nan"));
    assertNull(Canon.number("1e999"));
    assertNull(Canon.number("0x10"));
  }

  @ParameterizedTest
  @CsvSource({
    "2005-04-03T20:33:31.116000-06:00, 2005-04-04T02:33:31.116Z",
    "2019-10-21T14:45:00Z, 2019-10-21T14:45:00.000Z",
    "2023-03-27T11:30:00.0Z, 2023-03-27T11:30:00.000Z",
    "2023-01-18T11:04:03.1415Z, 2023-01-18T11:04:03.142Z",
    "2023-01-18T11:04:03.1414999Z, 2023-01-18T11:04:03.141Z",
    "2023-12-31T23:59:59.9995Z, 2024-01-01T00:00:00.000Z",
    "2020-03-04T11:00:30+0530, 2020-03-04T05:30:30.000Z",
    "2020-03-04T11:00:30, 2020-03-04T11:00:30",
    "2020-13-04T11:00:30Z, 2020-13-04T11:00:30Z",
    "yesterday, yesterday"
  })
  void timestamp_utcMilliseconds(String in, String want) {
    assertEquals(want, Canon.timestamp(in));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "urn:epc:id:sgtin:0614141.107346.2017|https://id.gs1.org/01/10614141073464/21/2017",
        "https://example.com/01/10614141073464/22/A/10/L/21/S?3103=000189|https://id.gs1.org/01/10614141073464/21/S",
        "http://id.gs1.org/01/10614141073464/10/L|https://id.gs1.org/01/10614141073464/10/L",
        "https://id.gs1.org/01/10614141073464/22/A|https://id.gs1.org/01/10614141073464",
        "https://transaction.acme.com/po/12345678|https://transaction.acme.com/po/12345678",
        "urn:epcglobal:cbv:bt:0614141073467:1152|urn:epcglobal:cbv:bt:0614141073467:1152",
        "urn:epc:id:sgtin:0614141.1073461.1|urn:epc:id:sgtin:0614141.1073461.1",
        "urn:epcglobal:cbv:bizstep:receiving|https://ref.gs1.org/cbv/BizStep-receiving",
        "gs1:Temperature|https://gs1.org/voc/Temperature"
      })
  void value_identifiersAndVocabulary(String in, String want) {
    assertEquals(want, Canon.value(in, Namespaces.STANDARD_ONLY, null));
  }

  @Test
  void forDocument_malformed_isRejectedWithReason() throws IOException {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventHash.forDocument(tree("[]")));
    assertEquals("EPCIS document: want a JSON object", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EventHash.forDocument(tree("{}")));
    assertEquals("EPCIS document: no epcisBody object", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventHash.forDocument(tree("{\"epcisBody\": {\"eventList\": {}}}")));
    assertEquals("EPCIS document: epcisBody.eventList is not an array", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EventHash.forDocument(
                    tree("{\"epcisBody\": {\"eventList\": [" + EVENT + ", {\"action\": \"ADD\"}]}}")));
    assertEquals(
        "epcisBody.eventList[1]: EPCIS event: no type (want e.g. ObjectEvent)", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventHash.forDocument(tree("{\"epcisBody\": {\"events\": []}}")));
    assertEquals("EPCIS document: epcisBody has neither eventList nor queryResults", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> EventHash.preHashString(tree("\"x\""), null));
    assertEquals("EPCIS event: want a JSON object", e.getMessage());
  }

  /** GS1's EPCIS 2.0 JSON-LD examples all hash, with well-formed ids and no event skipped. */
  @Test
  void forDocument_gs1Examples_allEventsHash() throws IOException {
    Path dir = EventHashVectorsTest.locateFolder().resolveSibling("epcis").resolve("examples");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".jsonld")).sorted().toList();
    }
    assertTrue(files.size() >= 40, "GS1 examples in " + dir + ": " + files.size());
    int events = 0;
    for (Path f : files) {
      JsonNode doc = JSON.readTree(f.toFile());
      List<HashedEvent> hashed = EventHash.forDocument(doc);
      for (HashedEvent h : hashed) {
        assertTrue(
            h.hashId().matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0"), f + ": " + h.hashId());
        assertTrue(h.preHashString().startsWith("eventType="), f + ": " + h.preHashString());
      }
      events += hashed.size();
    }
    assertTrue(events >= 40, "events: " + events);
  }

  private static JsonNode tree(String json) throws IOException {
    return JSON.readTree(json);
  }
}
