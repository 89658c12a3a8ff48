package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.config.CaptureIdentity;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPCIS master data on a running node with a registry: vocabulary elements captured in
 * {@code epcisHeader.epcisMasterData} become signed ledger records of their own, written only by
 * the owner of the element's GS1 company prefix (or an org whose {@code signs_for} names that
 * owner); the consumer page and its JSON show product, brand, place and organisation names in
 * the page's language with the codes one click away; {@code HASATTR_}/{@code EQATTR_} and
 * {@code INNER_} queries answer from the projection. Expected counts are worked out by hand from
 * the two events and two elements this class captures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MasterDataNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOODS_TOKEN = HttpAccess.newToken();
  private static final String REEFER_TOKEN = HttpAccess.newToken();
  private static final String POOL_TOKEN = HttpAccess.newToken();
  private static final String ITEM = "https://id.gs1.org/01/06901234000016/21/42";
  /** GTIN 06901234000016 as an EPC class pattern: the product class of {@link #ITEM}. */
  private static final String PRODUCT_CLASS = "urn:epc:idpat:sgtin:6901234.000001.*";
  /** GLN 6901234000016: the mill, with master data. */
  private static final String MILL = "urn:epc:id:sgln:6901234.00001.0";
  /** GLN 6901234000023: a dock without master data. */
  private static final String DOCK = "urn:epc:id:sgln:6901234.00002.0";
  /** GTIN 06905555000014, of other-foods. */
  private static final String OTHER_PRODUCT = "https://id.gs1.org/01/06905555000014";
  private static final String CONTEXT = "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\","
      + "{\"ex\":\"https://example.com/ns#\"}]";

  @TempDir
  static Path dir;

  private BayTraceNode node;
  private SigningKey foodsKey;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    SigningKey captureKey = SigningKey.generate();
    foodsKey = SigningKey.generate();
    Path keyFile = dir.resolve("capture.key");
    KeyFiles.savePrivate(captureKey, keyFile);
    OrgRegistry registry = OrgRegistry.of(List.of(
        new Org("gba-capture", "GBA capture service", Set.of(Role.AUDITOR), List.of(OrgKey.of(captureKey.publicKey())),
            List.of(), null, List.of("*")),
        new Org("pearl-river-foods", "Pearl River Foods Co.", Set.of(Role.PRODUCER), List.of(OrgKey.of(foodsKey.publicKey())),
            List.of("6901234"), null),
        new Org("other-foods", "Other Foods", Set.of(Role.PRODUCER), List.of(OrgKey.of(SigningKey.generate().publicKey())),
            List.of("6905555"), null),
        new Org("bay-reefer", "Bay Reefer Logistics", Set.of(Role.CARRIER),
            List.of(OrgKey.of(SigningKey.generate().publicKey())), List.of(), null),
        // A product data pool acting for other-foods in the registry.
        new Org("gs1-datapool", "GS1 data pool", Set.of(Role.AUDITOR), List.of(OrgKey.of(SigningKey.generate().publicKey())),
            List.of(), null, List.of("other-foods"))));
    HttpAccess access = new HttpAccess(List.of(HttpAccess.Token.of("pearl-river-foods", FOODS_TOKEN),
        HttpAccess.Token.of("bay-reefer", REEFER_TOKEN), HttpAccess.Token.of("gs1-datapool", POOL_TOKEN)), List.of());
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withRegistry(registry)
        .withCapture(Optional.of(new CaptureIdentity("gba-capture", keyFile, captureKey))).withHttpAccess(access);
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    // The brand owner's document: its product and its mill, in English, Simplified and Traditional
    // Chinese, and the commissioning of one item at the mill.
    String masterData = vocabulary("urn:epcglobal:epcis:vtype:EPCClass", element(PRODUCT_CLASS,
        attr("cbvmda:descriptionShort", tagged("Guangzhou Fragrant Rice", "en")),
        attr("cbvmda:descriptionShort", tagged("广州香米", "zh-Hans")),
        attr("cbvmda:descriptionShort", tagged("廣州香米", "zh-Hant")),
        attr("gs1:brandName", "\"Pearl River\""),
        attr("gs1:brandName", tagged("珠江", "zh-Hans"))))
        + "," + vocabulary("urn:epcglobal:epcis:vtype:Location", element(MILL,
        attr("urn:epcglobal:cbv:mda#name", tagged("Pearl River Foods Huangpu Mill", "en")),
        attr("urn:epcglobal:cbv:mda#name", tagged("珠江食品黄埔米厂", "zh-Hans")),
        attr("urn:epcglobal:cbv:mda#name", tagged("珠江食品黃埔米廠", "zh-Hant")),
        attr("urn:epcglobal:cbv:mda#streetAddressOne", tagged("8 Gangqian Road", "en")),
        attr("urn:epcglobal:cbv:mda#streetAddressOne", tagged("港前路8号", "zh-Hans")),
        attr("urn:epcglobal:cbv:mda#city", tagged("Guangzhou", "en")),
        attr("urn:epcglobal:cbv:mda#city", tagged("广州", "zh-Hans")),
        attr("urn:epcglobal:cbv:mda#countryCode", "\"CN\"")));
    String commissioning = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T08:00:00+08:00\","
        + "\"eventTimeZoneOffset\":\"+08:00\",\"epcList\":[\"" + ITEM + "\"],\"action\":\"ADD\","
        + "\"bizStep\":\"commissioning\",\"disposition\":\"active\",\"readPoint\":{\"id\":\"" + DOCK + "\"},"
        + "\"bizLocation\":{\"id\":\"" + MILL + "\"},"
        + "\"ilmd\":{\"cbvmda:lotNumber\":\"L1\",\"ex:batch\":{\"ex:grade\":\"A\"}},"
        + "\"ex:shipment\":{\"ex:carrier\":{\"ex:name\":\"Bay Reefer\",\"ex:setPoint\":4}}}";
    JsonNode job = capture(document(masterData, commissioning), FOODS_TOKEN);
    assertTrue(job.path("success").asBoolean(), job.toString());
    assertEquals(2, job.path("masterData").size(), job.toString());
    // The carrier ships it from the mill (read point), recording no master data.
    String shipping = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T10:00:00+08:00\","
        + "\"eventTimeZoneOffset\":\"+08:00\",\"epcList\":[\"" + ITEM + "\"],\"action\":\"OBSERVE\","
        + "\"bizStep\":\"shipping\",\"disposition\":\"in_transit\",\"readPoint\":{\"id\":\"" + MILL + "\"}}";
    JsonNode shipped = capture(document(null, shipping), REEFER_TOKEN);
    assertTrue(shipped.path("success").asBoolean(), shipped.toString());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  // ---- capture: who may write master data ----

  @Test
  void masterData_isStoredAsRecordsOfItsOwnKind_oneElementEach_underTheElementsCanonicalId() throws Exception {
    List<RecordBody> md = new ArrayList<>();
    for (long i = 0; i < node.ledger().head().size(); i++) {
      RecordBody b = body(i);
      if (b.getKind().startsWith(MasterDataRecords.KIND_PREFIX)) {
        md.add(b);
      }
    }
    md = md.subList(0, 2); // the brand owner's document, captured first; other tests add more
    assertEquals(List.of("masterdata.EPCClass", "masterdata.Location"), md.stream().map(RecordBody::getKind).toList());
    assertEquals(List.of("https://id.gs1.org/01/06901234000016"), md.get(0).getSubjectsList());
    assertEquals(List.of("https://id.gs1.org/414/6901234000016"), md.get(1).getSubjectsList());
    assertEquals("gba-capture", md.get(0).getAuthorOrg());
    assertEquals("pearl-river-foods", md.get(0).getSubmittedBy());
  }

  @Test
  void masterDataForAnotherCompanysCode_is403_namingTheOwner_andNothingOfTheDocumentIsStored() throws Exception {
    long before = node.ledger().head().size();
    String md = vocabulary("urn:epcglobal:epcis:vtype:EPCClass", element(PRODUCT_CLASS,
        attr("cbvmda:descriptionShort", "\"Cheap rice\"")));
    JsonNode job = capture(document(md, null), REEFER_TOKEN);
    assertFalse(job.path("success").asBoolean(), job.toString());
    JsonNode error = job.path("errors").get(0);
    assertEquals(403, error.path("status").asInt(), error.toString());
    assertEquals("/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0", error.path("pointer").asText(),
        error.toString());
    assertEquals(PRODUCT_CLASS, error.path("vocabularyElementID").asText());
    String detail = error.path("detail").asText();
    assertTrue(detail.contains("masterdata-owner: element " + PRODUCT_CLASS + ": its GS1 company prefix is owned by "
        + "[\"pearl-river-foods\" [6901234]]; org \"bay-reefer\""), detail);
    // The brand owner may not describe another brand owner's product either.
    JsonNode other = capture(document(vocabulary("urn:epcglobal:epcis:vtype:EPCClass", element(OTHER_PRODUCT,
        attr("cbvmda:descriptionShort", "\"Not ours\""))), null), FOODS_TOKEN);
    assertEquals(403, other.path("errors").get(0).path("status").asInt(), other.toString());
    assertTrue(other.path("errors").get(0).path("detail").asText().contains("owned by [\"other-foods\""), other.toString());
    assertEquals(before, node.ledger().head().size(), "nothing stored");
  }

  @Test
  void anOrgWhoseSignsForNamesTheOwner_mayWriteItsMasterData_andNoOneElses() throws Exception {
    JsonNode ok = capture(document(vocabulary("urn:epcglobal:epcis:vtype:EPCClass", element(OTHER_PRODUCT,
        attr("cbvmda:descriptionShort", "\"Other Foods noodles\""))), null), POOL_TOKEN);
    assertTrue(ok.path("success").asBoolean(), ok.toString());
    assertEquals(1, ok.path("masterData").size(), ok.toString());
    JsonNode no = capture(document(vocabulary("urn:epcglobal:epcis:vtype:EPCClass", element(PRODUCT_CLASS,
        attr("cbvmda:descriptionShort", "\"Renamed\""))), null), POOL_TOKEN);
    assertEquals(403, no.path("errors").get(0).path("status").asInt(), no.toString());
    assertTrue(no.path("errors").get(0).path("detail").asText().contains("signs_for [other-foods]"), no.toString());
  }

  @Test
  void masterDataForAnIdWithNoCompanyPrefix_is403_sinceNoOwnerCanBeTold() throws Exception {
    JsonNode job = capture(document(vocabulary("urn:epcglobal:epcis:vtype:BusinessStep",
        element("urn:example:step:sorting", attr("cbvmda:name", "\"Sorting\""))), null), FOODS_TOKEN);
    JsonNode error = job.path("errors").get(0);
    assertEquals(403, error.path("status").asInt(), job.toString());
    assertTrue(error.path("detail").asText().contains("not a GS1 key with a company prefix"), error.toString());
  }

  @Test
  void tamperedMasterDataRecord_isRefusedByTheSignatureCheck_andARecordNamingOneCodeButDescribingAnother_isRefused()
      throws Exception {
    long before = node.ledger().head().size();
    RecordBody good = MasterDataRecords.toBody(node.ledger().origin(), "pearl-river-foods",
        "urn:epcglobal:epcis:vtype:EPCClass", JSON.readTree(element("https://id.gs1.org/01/06901234000023",
            attr("cbvmda:descriptionShort", "\"Signed name\""))), null, System.currentTimeMillis());
    byte[] signed = Records.sign(good.toByteArray(), foodsKey);
    byte[] tampered = signed.clone();
    int at = indexOf(tampered, "Signed name".getBytes(StandardCharsets.UTF_8));
    tampered[at] = 'Z'; // "Zigned name": the content no longer matches the signature
    LedgerException e = assertThrows(LedgerException.class, () -> node.ledger().append(tampered));
    assertEquals(LedgerError.SIGNATURE_INVALID, e.error(), e.getMessage());
    // Signed by the owner, but the subject (its own product) is not the element the content describes.
    RecordBody swapped = MasterDataRecords.toBody(node.ledger().origin(), "pearl-river-foods",
        "urn:epcglobal:epcis:vtype:EPCClass", JSON.readTree(element(OTHER_PRODUCT,
            attr("cbvmda:descriptionShort", "\"Hijacked\""))), null, System.currentTimeMillis())
        .toBuilder().clearSubjects().addSubjects("https://id.gs1.org/01/06901234000016").build();
    LedgerException s = assertThrows(LedgerException.class,
        () -> node.ledger().append(Records.sign(swapped.toByteArray(), foodsKey)));
    assertEquals(LedgerError.NOT_AUTHORISED, s.error(), s.getMessage());
    assertTrue(s.getMessage().contains("masterdata-owner: body.subjects"), s.getMessage());
    assertEquals(before, node.ledger().head().size());
    node.ledger().append(signed); // the untampered record is the owner's own word
    assertEquals(before + 1, node.ledger().head().size());
  }

  // ---- names on the consumer page ----

  @Test
  void consumerJson_namesTheProductBrandPlaceAndRecorder_inEnglish_withTheCodesBeside() throws Exception {
    JsonNode v = JSON.readTree(get("/01/06901234000016/21/42?format=json&lang=en").body());
    assertEquals("Guangzhou Fragrant Rice", v.path("product").path("name").asText(), v.toString());
    assertEquals("Pearl River", v.path("product").path("brand").asText(), "the untagged brand for English");
    assertEquals("06901234000016", v.path("product").path("gtin").asText());
    JsonNode commissioning = v.path("journey").get(0);
    assertEquals("Pearl River Foods Huangpu Mill", commissioning.path("place").path("name").asText(), v.toString());
    assertEquals("8 Gangqian Road, Guangzhou, China", commissioning.path("place").path("address").asText());
    assertEquals("GLN 6901234000016", commissioning.path("place").path("display").asText());
    assertEquals(MILL, commissioning.path("place").path("id").asText());
    assertEquals("Pearl River Foods Co. (pearl-river-foods)", commissioning.path("author").asText());
    JsonNode shipping = v.path("journey").get(1);
    assertEquals("Bay Reefer Logistics (bay-reefer)", shipping.path("author").asText());
    assertEquals("Pearl River Foods Huangpu Mill", shipping.path("place").path("name").asText(),
        "a read point with master data is named too");
  }

  @Test
  void consumerPage_inSimplifiedChinese_showsTheChineseNames_andKeepsTheCodesOneClickAway() throws Exception {
    HttpResponse<String> r = get("/01/06901234000016/21/42?lang=zh-Hans");
    assertEquals(200, r.statusCode(), r.body());
    String html = r.body();
    assertTrue(html.contains("<h1><span translate=\"no\">广州香米</span></h1>"), html);
    assertTrue(html.contains("<dd id=\"brand\" translate=\"no\">珠江</dd>"), html);
    assertTrue(html.contains("地点：<span translate=\"no\">珠江食品黄埔米厂</span></span>"), html);
    assertTrue(html.contains("<span class=\"address\"><span translate=\"no\">港前路8号, 广州, 中国</span></span>"), html);
    assertTrue(html.contains("<details class=\"codes\"><summary>编码</summary><code class=\"place-code\">GLN 6901234000016</code>"
        + "</details>"), html);
    assertTrue(html.contains("Pearl River Foods Co."), "the recorder by its registry name");
    JsonNode zh = JSON.readTree(get("/01/06901234000016/21/42?format=json&lang=zh-Hans").body());
    assertEquals("广州香米", zh.path("product").path("name").asText());
  }

  @Test
  void consumerPage_inTraditionalChinese_showsTheTraditionalNames_andFallsBackWhereThereAreNone() throws Exception {
    JsonNode v = JSON.readTree(get("/01/06901234000016/21/42?format=json&lang=zh-Hant").body());
    assertEquals("廣州香米", v.path("product").path("name").asText(), v.toString());
    assertEquals("Pearl River", v.path("product").path("brand").asText(),
        "no Traditional brand: the untagged one comes before the other script");
    assertEquals("珠江食品黃埔米廠", v.path("journey").get(0).path("place").path("name").asText());
    assertTrue(v.path("journey").get(0).path("place").path("address").asText().startsWith("港前路8号, 广州, "),
        "street and city only in Simplified: those");
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/01/06901234000016/21/42?format=json")).header("Accept-Language", "zh-HK").timeout(Duration.ofSeconds(30)).build();
    JsonNode hk = JSON.readTree(client.send(req, HttpResponse.BodyHandlers.ofString()).body());
    assertEquals("廣州香米", hk.path("product").path("name").asText(), "Hong Kong reads Traditional");
  }

  // ---- HASATTR_ / EQATTR_ ----

  @Test
  void hasAttr_findsEventsWhoseFieldNamesAnElementWithTheAttribute() throws Exception {
    assertEquals(List.of("commissioning"), steps("HASATTR_bizLocation=cbvmda:name"));
    assertEquals(List.of("shipping"), steps("HASATTR_readPoint=" + enc("urn:epcglobal:cbv:mda#name")));
    assertEquals(List.of(), steps("HASATTR_readPoint=cbvmda:lotNumber"), "no such attribute");
    assertEquals(List.of("commissioning", "shipping"), steps("HASATTR_epcClass=" + enc("gs1:brandName|cbvmda:city")));
    assertEquals(List.of(), steps("HASATTR_epcClass=cbvmda:countryCode"), "the product has no country code");
  }

  @Test
  void eqAttr_comparesTheAttributesValues_languageTaggedOrPlain() throws Exception {
    assertEquals(List.of("commissioning"), steps("EQATTR_bizLocation_" + enc("urn:epcglobal:cbv:mda#city") + "=Guangzhou"));
    assertEquals(List.of("commissioning"), steps("EQATTR_bizLocation_cbvmda:city=" + enc("广州")));
    assertEquals(List.of(), steps("EQATTR_bizLocation_cbvmda:city=Shenzhen"));
    assertEquals(List.of("commissioning", "shipping"), steps("EQATTR_epcClass_gs1:brandName=" + enc("Pearl River|Other")));
    assertEquals(List.of("commissioning", "shipping"),
        steps("EQATTR_epcClass_" + enc("https://gs1.org/voc/brandName") + "=" + enc("珠江")));
    assertEquals(List.of("shipping"), steps("EQATTR_epcClass_cbvmda:descriptionShort=" + enc("廣州香米") + "&EQ_bizStep=shipping"));
  }

  @Test
  void attributeQueries_workInNamedQueriesToo() throws Exception {
    String body = "{\"name\":\"mill-events\",\"query\":{\"HASATTR_bizLocation\":[\"cbvmda:name\"]}}";
    HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/queries")).header("Content-Type", "application/json").header("Authorization", "Bearer " + FOODS_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(created.statusCode() == 201 || created.statusCode() == 200, created.statusCode() + " " + created.body());
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/queries/mill-events/events")).header("Authorization", "Bearer " + FOODS_TOKEN).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode events = JSON.readTree(answer.body()).path("epcisBody").path("queryResults")
        .path("resultsBody").path("eventList");
    assertEquals(1, events.size(), events.toString());
    assertEquals("commissioning", events.get(0).path("bizStep").asText());
  }

  // ---- INNER_ ----

  @Test
  void innerParameters_matchNestedExtensionFields_atAnyDepth_andOnlyNested() throws Exception {
    assertEquals(List.of("commissioning"), steps("EQ_INNER_ex:name=" + enc("Bay Reefer")));
    assertEquals(List.of(), steps("EQ_ex:name=" + enc("Bay Reefer")), "ex:name is not a top-level field");
    assertEquals(List.of("commissioning"), steps("EQ_INNER_" + enc("https://example.com/ns#name") + "=" + enc("Bay Reefer")));
    assertEquals(List.of("commissioning"), steps("GT_INNER_ex:setPoint=3"));
    assertEquals(List.of(), steps("LT_INNER_ex:setPoint=3"));
    assertEquals(List.of("commissioning"), steps("EXISTS_INNER_ex:carrier"));
    assertEquals(List.of("commissioning"), steps("EQ_INNER_ILMD_ex:grade=A"));
    assertEquals(List.of(), steps("EQ_INNER_ex:grade=A"), "the ILMD is not an event extension");
    assertEquals(List.of(), steps("EQ_INNER_ILMD_cbvmda:lotNumber=L1"), "a top-level ILMD field is not nested");
  }

  @Test
  void malformedAttributeAndInnerParameters_are400_namingTheParameter() throws Exception {
    assertBadRequest("HASATTR_bizStep=cbvmda:name", "HASATTR_bizStep: got field \"bizStep\", want one whose values have "
        + "master data on this node: [readPoint, bizLocation, epcClass]");
    assertBadRequest("EQATTR_bizLocation=x", "EQATTR_bizLocation: no attribute name, want EQATTR_bizLocation_{attribute}");
    assertBadRequest("HASATTR_bizLocation=", "HASATTR_bizLocation: got \"\", want one or more values");
    assertBadRequest("EQ_INNER_name=x", "EQ_INNER_name: got field \"name\", want an extension field named with its namespace");
    assertBadRequest("GT_INNER_readPoint_ex:x=1", "GT_INNER_readPoint_ex:x: GT_ is not defined for readPoint extension fields");
    assertBadRequest("GT_INNER_ex:setPoint=warm", "GT_INNER_ex:setPoint: got \"warm\", want a number");
  }

  // ---- helpers ----

  private void assertBadRequest(String query, String detailStart) throws Exception {
    HttpResponse<String> r = get("/events?" + query);
    assertEquals(400, r.statusCode(), query + ": " + r.body());
    String detail = JSON.readTree(r.body()).path("detail").asText();
    assertTrue(detail.startsWith(detailStart), query + ": " + detail);
  }

  /** The business steps of the events a query finds, in ledger order. */
  private List<String> steps(String query) throws Exception {
    HttpResponse<String> r = get("/events?" + query);
    assertEquals(200, r.statusCode(), query + ": " + r.body());
    List<String> out = new ArrayList<>();
    for (JsonNode e : JSON.readTree(r.body()).path("epcisBody").path("queryResults").path("resultsBody").path("eventList")) {
      out.add(e.path("bizStep").asText());
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private RecordBody body(long index) throws Exception {
    return RecordBody.parseFrom(org.baytrace.api.ledger.v1.SignedRecord.parseFrom(
        org.baytrace.api.ledger.v1.LogEntry.parseFrom(node.ledger().entry(index).leaf()).getSignedRecord()).getBody());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static String tagged(String value, String language) {
    return "{\"@value\":\"" + value + "\",\"@language\":\"" + language + "\"}";
  }

  private static String attr(String id, String valueJson) {
    return "{\"id\":\"" + id + "\",\"attribute\":" + valueJson + "}";
  }

  private static String element(String id, String... attributes) {
    return "{\"id\":\"" + id + "\",\"attributes\":[" + String.join(",", attributes) + "]}";
  }

  private static String vocabulary(String type, String... elements) {
    return "{\"type\":\"" + type + "\",\"vocabularyElementList\":[" + String.join(",", elements) + "]}";
  }

  private static String document(String vocabularies, String event) {
    return "{\"@context\":" + CONTEXT + ",\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
        + "\"creationDate\":\"2026-11-28T07:00:00Z\","
        + (vocabularies == null ? "" : "\"epcisHeader\":{\"epcisMasterData\":{\"vocabularyList\":[" + vocabularies + "]}},")
        + "\"epcisBody\":{\"eventList\":[" + (event == null ? "" : event) + "]}}";
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Captures a document as the token's org and waits for its job to finish. */
  private JsonNode capture(String document, String token) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/capture")).header("Content-Type", "application/ld+json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(document)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    String location = URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode job = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
          + location)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      if (!job.path("running").asBoolean(true) || System.nanoTime() > deadline) {
        return job;
      }
      Thread.sleep(20);
    }
  }
}
