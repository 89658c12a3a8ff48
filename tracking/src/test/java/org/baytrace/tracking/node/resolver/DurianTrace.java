package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic trace for the resolver tests: a lot of Monthong durians harvested in Chanthaburi,
 * Thailand, inspected and shipped in a reefer to Guangzhou (Nansha), cleared and received into
 * an importer's cold store, one box sold at retail. The events carry what a consumer must never
 * see: a purchase order, owning parties, prices and a farmer's phone number.
 */
final class DurianTrace {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GTIN = "08850123000010";
  static final String BAD_GTIN = "08850123000013"; // check digit 3, want 0
  static final String LOT = "DUR-2026-0425";
  static final String LOT_PATH = "/01/" + GTIN + "/10/" + LOT;
  static final String LOT_DL = "https://id.gs1.org" + LOT_PATH;
  static final String BOX = "BOX-0001";
  static final String ITEM_PATH = LOT_PATH + "/21/" + BOX;
  static final String SSCC = "069012340000001235";
  static final String SSCC_PATH = "/00/" + SSCC;

  /**
   * Secrets that are in the events and must not be on any consumer page. The author organisation
   * ({@code th-durian-coop}) is not one: pages name who recorded each event.
   */
  static final List<String> SECRETS = List.of("PO-77123", "pgln", "885012300.000", "6901234.00000", "+66 81 234 5678",
      "farmerPhone", "pricePerKg", "95 THB", "invoiceAmount", "188000", "bizTransaction", "owning_party",
      "example.org/durian");

  static final JsonNode CONTEXT = parse("""
      ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"example": "https://example.org/durian/"}]
      """);

  private DurianTrace() {}

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String text) {
    return (ObjectNode) parse(text);
  }

  private static String qty() {
    return "\"quantityList\": [{\"epcClass\": \"" + LOT_DL + "\", \"quantity\": 1200, \"uom\": \"KGM\"}]";
  }

  /** The lot's events in capture order, each an EPCIS 2.0 JSON-LD event (without @context). */
  static List<ObjectNode> lotEvents() {
    List<ObjectNode> out = new ArrayList<>();
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0001-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-20T07:30:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "ADD", "bizStep": "commissioning", "disposition": "active",
         "readPoint": {"id": "urn:epc:id:sgln:885012300.001.0"},
         "bizLocation": {"id": "urn:epc:id:sgln:885012300.001.0"},
         %s,
         "ilmd": {"cbvmda:countryOfOrigin": "TH", "cbvmda:harvestStartDate": "2026-11-19",
                  "cbvmda:harvestEndDate": "2026-11-20", "cbvmda:lotNumber": "DUR-2026-0425",
                  "gs1:productName": [{"@value": "Monthong durian", "@language": "en"},
                                      {"@value": "金枕榴莲", "@language": "zh"}],
                  "example:farmerPhone": "+66 81 234 5678", "example:pricePerKg": "95 THB"},
         "example:farmerPhone": "+66 81 234 5678"}
        """.formatted(qty())));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0002-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-20T13:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant",
         "readPoint": {"id": "urn:epc:id:sgln:885012300.002.0"},
         %s}
        """.formatted(qty())));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0003-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-21T06:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
         "readPoint": {"id": "urn:epc:id:sgln:885012300.002.0"},
         "bizLocation": {"id": "urn:epc:id:sgln:885012300.002.0"},
         %s,
         "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0885012300009:PO-77123"}],
         "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:885012300.000"}],
         "destinationList": [{"type": "owning_party", "destination": "urn:epc:id:pgln:6901234.00000"}],
         "sensorElementList": [
           {"sensorMetadata": {"time": "2026-11-21T06:00:00.000+07:00", "deviceID": "urn:epc:id:giai:885012300.REEFER7"},
            "sensorReport": [{"type": "gs1:Temperature", "value": 13.5, "uom": "CEL"},
                             {"type": "gs1:RelativeHumidity", "value": 88, "uom": "A93"}]},
           {"sensorMetadata": {"time": "2026-11-21T18:00:00.000+07:00"},
            "sensorReport": [{"type": "gs1:Temperature", "value": 14.2, "uom": "CEL"},
                             {"type": "gs1:Temperature", "value": 12.8, "uom": "CEL"}]}],
         "example:pricePerKg": "95 THB"}
        """.formatted(qty())));
    // Recorded with the wrong place and withdrawn below by an error declaration.
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0004-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-22T09:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "departing", "disposition": "in_transit",
         "readPoint": {"id": "urn:epc:id:sgln:885012300.009.0"},
         %s}
        """.formatted(qty())));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0004-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-22T09:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "departing", "disposition": "in_transit",
         "readPoint": {"id": "urn:epc:id:sgln:885012300.009.0"},
         %s,
         "errorDeclaration": {"declarationTime": "2026-11-22T10:00:00.000+07:00", "reason": "incorrect_data"}}
        """.formatted(qty())));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0005-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-24T10:15:00.000+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "arriving", "disposition": "in_transit",
         "readPoint": {"id": "urn:epc:id:sgln:6901234.00001.0"},
         %s,
         "sensorElementList": [
           {"sensorMetadata": {"time": "2026-11-24T10:00:00.000+08:00", "startTime": "2026-11-21T19:00:00.000+08:00",
                               "endTime": "2026-11-24T10:00:00.000+08:00"},
            "sensorReport": [{"type": "Temperature", "minValue": 13.1, "maxValue": 15.1, "meanValue": 14.0,
                              "uom": "CEL"}]}]}
        """.formatted(qty())));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0006-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-24T15:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "urn:epcglobal:cbv:bizstep:inspecting",
         "disposition": "urn:epcglobal:cbv:disp:conformant",
         "readPoint": {"id": "urn:epc:id:sgln:6901234.00001.0"},
         %s}
        """.formatted(qty())));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0007-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-25T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "https://ref.gs1.org/cbv/BizStep-receiving",
         "disposition": "https://ref.gs1.org/cbv/Disp-sellable_not_accessible",
         "readPoint": {"id": "https://id.gs1.org/414/6901234000023"},
         "bizLocation": {"id": "urn:epc:id:sgln:6901234.00002.0"},
         %s,
         "bizTransactionList": [{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:6901234000009:INV-88"}],
         "example:invoiceAmount": "CNY 188000"}
        """.formatted(qty())));
    return out;
  }

  /** A box of the lot packed on a pallet (SSCC) and, later, sold at retail. */
  static List<ObjectNode> itemAndPalletEvents() {
    List<ObjectNode> out = new ArrayList<>();
    out.add(json("""
        {"type": "AggregationEvent", "eventID": "urn:uuid:6c1c2f2e-0101-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-20T16:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "ADD", "bizStep": "packing", "disposition": "container_closed",
         "parentID": "urn:epc:id:sscc:6901234.0000000123",
         "childEPCs": ["https://id.gs1.org/01/%s/21/%s"],
         "childQuantityList": [{"epcClass": "%s", "quantity": 600, "uom": "KGM"}],
         "readPoint": {"id": "urn:epc:id:sgln:885012300.002.0"}}
        """.formatted(GTIN, BOX, LOT_DL)));
    out.add(json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0102-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-26T18:20:00.000+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "retail_selling", "disposition": "retail_sold",
         "epcList": ["https://id.gs1.org/01/%s/21/%s"],
         "bizLocation": {"id": "urn:epc:id:sgln:6901234.00003.0"},
         "bizTransactionList": [{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:6901234000009:INV-88"}]}
        """.formatted(GTIN, BOX)));
    return out;
  }
}
