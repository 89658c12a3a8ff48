package org.baytrace.tracking.domain.epcis.masterdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.junit.jupiter.api.Test;

/** Master data values for people: languages, attribute spellings, and the record an element becomes. */
class MasterDataTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<LocalizedText.Value> names(String... pairs) {
    List<LocalizedText.Value> out = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(new LocalizedText.Value(pairs[i], pairs[i + 1]));
    }
    return out;
  }

  private static final List<LocalizedText.Value> THREE = names("Yantian Port", "en", "盐田港", "zh-Hans", "鹽田港", "zh-Hant");

  @Test
  void eachLanguageGetsItsOwnScript_hongKongMacaoAndTaiwanReadTraditional() {
    assertEquals("Yantian Port", LocalizedText.pick(THREE, "en"));
    assertEquals("Yantian Port", LocalizedText.pick(THREE, "en-GB"));
    for (String simplified : List.of("zh-Hans", "zh-CN", "zh", "zh-SG", "zh-Hans-CN")) {
      assertEquals("盐田港", LocalizedText.pick(THREE, simplified), simplified);
    }
    for (String traditional : List.of("zh-Hant", "zh-HK", "zh-MO", "zh-TW", "zh-Hant-HK", "zh_HK")) {
      assertEquals("鹽田港", LocalizedText.pick(THREE, traditional), traditional);
    }
  }

  @Test
  void missingLanguage_fallsBackToUntagged_thenTheOtherScript_thenEnglish_neverToNothing() {
    assertEquals("Pearl River", LocalizedText.pick(names("珠江", "zh-Hans", "Pearl River", ""), "en"));
    assertEquals("珠江", LocalizedText.pick(names("Pearl River", "en", "珠江", "zh-Hans"), "zh-HK"), "other script");
    assertEquals("Pearl River", LocalizedText.pick(names("Pearl River", "en", "Perle", "fr"), "zh-Hant"), "English");
    assertEquals("Perle", LocalizedText.pick(names("Perle", "fr"), "zh-Hans"), "the first");
    assertNull(LocalizedText.pick(List.of(), "en"));
  }

  @Test
  void jsonLdValueObjectsAndPlainValues_areText_otherObjectsAreNot() throws Exception {
    assertEquals(new LocalizedText.Value("盐田港", "zh-Hans"),
        LocalizedText.of(JSON.readTree("{\"@value\":\"盐田港\",\"@language\":\"zh-Hans\"}")));
    assertEquals(new LocalizedText.Value("CN", ""), LocalizedText.of(JSON.readTree("\"CN\"")));
    assertEquals(new LocalizedText.Value("22.57", ""), LocalizedText.of(JSON.readTree("22.57")));
    assertNull(LocalizedText.of(JSON.readTree("{\"ex:street\":\"x\"}")));
  }

  @Test
  void attributeIds_inEverySpellingUsersSend_areOne() {
    for (String s : List.of("cbvmda:name", "urn:epcglobal:cbv:mda:name", "urn:epcglobal:cbv:mda#name")) {
      assertEquals(AttributeIds.NAME, AttributeIds.normal(s), s);
    }
    for (String s : List.of("gs1:brandName", "https://gs1.org/voc/brandName", "http://gs1.org/voc/brandName",
        "https://www.gs1.org/voc/brandName", "https://ref.gs1.org/voc/brandName")) {
      assertEquals(AttributeIds.BRAND_NAME, AttributeIds.normal(s), s);
    }
    assertEquals("https://example.com/ns#grade", AttributeIds.normal("https://example.com/ns#grade"));
  }

  @Test
  void anElementBecomesOneRecord_underItsCanonicalId_sameContentSameNonce() throws Exception {
    JsonNode element = JSON.readTree("{\"id\":\"urn:epc:id:sgln:6901234.00001.0\",\"attributes\":["
        + "{\"id\":\"cbvmda:name\",\"attribute\":{\"@value\":\"珠江食品黄埔米厂\",\"@language\":\"zh-Hans\"}},"
        + "{\"id\":\"urn:epcglobal:cbv:mda#city\",\"attribute\":\"Guangzhou\"}]}");
    RecordBody a = MasterDataRecords.toBody("o", "pearl-river-foods", "urn:epcglobal:epcis:vtype:Location", element, null, 1000);
    RecordBody b = MasterDataRecords.toBody("o", "pearl-river-foods", "urn:epcglobal:epcis:vtype:Location", element, null, 1000);
    assertEquals("masterdata.Location", a.getKind());
    assertEquals(List.of("https://id.gs1.org/414/6901234000016"), a.getSubjectsList());
    assertArrayEquals(a.getNonce().toByteArray(), b.getNonce().toByteArray());
    VocabularyElement read = MasterDataRecords.fromContent(a.getContent().toByteArray());
    assertEquals("珠江食品黄埔米厂", read.text(AttributeIds.PLACE_NAMES, "zh-CN"));
    assertTrue(read.has("urn:epcglobal:cbv:mda:city"));
    assertTrue(read.hasValue("cbvmda:city", Set.of("Guangzhou")));
    VocabularyElement stored = MasterDataRecords.fromStored(MasterDataRecords.toStored(read.storedAt(7, "pearl-river-foods")));
    assertEquals(7, stored.ledgerIndex());
    assertEquals(read.attributes(), stored.attributes());
  }

  @Test
  void anElementWithoutId_orAMalformedGs1Id_isRefusedNamingTheField() throws Exception {
    IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> MasterDataRecords.toBody("o", "x",
        "urn:epcglobal:epcis:vtype:Location", JSON.readTree("{\"attributes\":[]}"), null, 0));
    assertTrue(noId.getMessage().startsWith("id: empty"), noId.getMessage());
    IllegalArgumentException badCheck = assertThrows(IllegalArgumentException.class, () -> MasterDataRecords.toBody("o",
        "x", "urn:epcglobal:epcis:vtype:EPCClass", JSON.readTree("{\"id\":\"https://id.gs1.org/01/06901234000019\"}"),
        null, 0));
    assertTrue(badCheck.getMessage().startsWith("id: "), badCheck.getMessage());
  }
}
