package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LangTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "null | null | EN",
      "null | '' | EN",
      "null | zh-CN,zh;q=0.9,en;q=0.8 | ZH",
      "null | zh-Hant-TW | ZH",
      "null | en-US,en;q=0.9,zh-CN;q=0.8 | EN",
      "null | fr-FR,zh;q=0.5,en;q=0.4 | ZH",
      "null | fr-FR,en;q=0.5,zh;q=0.4 | EN",
      "null | de | EN",
      "null | *;q=0.5,zh;q=0 | EN",
      "null | ;;; | EN",
      "zh | en | ZH",
      "ZH-cn | en | ZH",
      "en | zh | EN",
      "fr | zh | ZH",
      "'' | zh | ZH",
  })
  void choose_explicitParameterFirst_thenAcceptLanguage_elseEnglish(String param, String header, Lang want) {
    assertEquals(want, Lang.choose(param, header));
  }

  @Test
  void bothLanguages_haveTheSameMessageKeys() {
    assertEquals(Lang.EN.keys(), Lang.ZH.keys());
  }

  @Test
  void msg_fillsArguments() {
    assertEquals("Product 123", Lang.EN.msg("product.unnamed", "123"));
    assertEquals("产品 123", Lang.ZH.msg("product.unnamed", "123"));
  }
}
