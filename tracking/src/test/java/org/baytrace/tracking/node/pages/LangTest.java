package org.baytrace.tracking.node.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LangTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "null | null | EN",
      "null | '' | EN",
      "null | zh-CN,zh;q=0.9,en;q=0.8 | ZH_HANS",
      "null | zh-SG | ZH_HANS",
      "null | zh-Hans | ZH_HANS",
      "null | zh | ZH_HANS",
      "null | zh-HK | ZH_HANT",
      "null | zh-MO,zh;q=0.8 | ZH_HANT",
      "null | zh-TW | ZH_HANT",
      "null | zh-Hant | ZH_HANT",
      "null | zh-Hant-TW | ZH_HANT",
      "null | zh-Hans-HK | ZH_HANS",
      "null | en-US,en;q=0.9,zh-CN;q=0.8 | EN",
      "null | fr-FR,zh-HK;q=0.5,en;q=0.4 | ZH_HANT",
      "null | fr-FR,en;q=0.5,zh;q=0.4 | EN",
      "null | en;q=0.2,zh-HK;q=0.9,zh-CN;q=0.5 | ZH_HANT",
      "null | zh-CN;q=0.6,zh-MO;q=0.7 | ZH_HANT",
      "null | zh-HK;q=0,zh-CN;q=0.1 | ZH_HANS",
      "null | de | EN",
      "null | *;q=0.5,zh;q=0 | EN",
      "null | ;;; | EN",
      "zh | en | ZH_HANS",
      "zh-Hans | zh-HK | ZH_HANS",
      "zh-Hant | en | ZH_HANT",
      "ZH-hant | en | ZH_HANT",
      "zh_HK | en | ZH_HANT",
      "ZH-cn | en | ZH_HANS",
      "en | zh-HK | EN",
      "fr | zh-TW | ZH_HANT",
      "'' | zh | ZH_HANS",
  })
  void choose_explicitParameterFirst_thenAcceptLanguageByWeight_elseEnglish(String param, String header, Lang want) {
    assertEquals(want, Lang.choose(param, header));
  }

  @Test
  void everyKey_existsInAllThreeBundles() {
    Set<String> all = new TreeSet<>();
    for (Lang l : Lang.values()) {
      all.addAll(l.keys());
    }
    for (Lang l : Lang.values()) {
      Set<String> missing = new TreeSet<>(all);
      missing.removeAll(l.keys());
      assertEquals(Set.of(), missing, "keys missing from the " + l.code + " bundle");
    }
  }

  @Test
  void everyMessage_isTranslated_notLeftInEnglish() {
    // a Chinese message equal to the English one was not translated (codes and units aside)
    Set<String> same = new TreeSet<>();
    for (String key : Lang.EN.keys()) {
      String en = Lang.EN.msg(key);
      if (!en.matches(".*[A-Za-z]{3,}.*") || en.matches("\\{0\\}.*|.*(GTIN|SSCC|JSON|TEU|UTC|BayTrace|GS1).*")
          || key.startsWith("format.")) {
        continue;
      }
      for (Lang zh : new Lang[] {Lang.ZH_HANS, Lang.ZH_HANT}) {
        if (zh.msg(key).equals(en)) {
          same.add(zh.code + " " + key);
        }
      }
    }
    assertEquals(Set.of(), same);
  }

  @Test
  void traditionalAndSimplified_areWrittenDifferently() {
    assertEquals("產品 123", Lang.ZH_HANT.msg("product.unnamed", "123"));
    assertEquals("产品 123", Lang.ZH_HANS.msg("product.unnamed", "123"));
    assertEquals("Product 123", Lang.EN.msg("product.unnamed", "123"));
    assertTrue(Lang.ZH_HANT.msg("section.cold").contains("凍"), "Hong Kong writes cold chain 凍鏈");
  }

  @Test
  void tags_areWhatPagesDeclare() {
    assertEquals("en", Lang.EN.tag);
    assertEquals("zh-Hans", Lang.ZH_HANS.tag);
    assertEquals("zh-Hant-HK", Lang.ZH_HANT.tag);
  }
}
