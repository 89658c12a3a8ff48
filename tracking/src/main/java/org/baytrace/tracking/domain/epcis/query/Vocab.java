package org.baytrace.tracking.domain.epcis.query;

import java.util.List;

/**
 * CBV vocabulary values in one form: a standard value given as a bare word ({@code shipping}),
 * as a URN ({@code urn:epcglobal:cbv:bizstep:shipping}), as a Web URI ({@code
 * https://ref.gs1.org/cbv/BizStep-shipping}, {@code https://gs1.org/voc/BizStep-shipping}) or as a
 * CURIE of the standard context ({@code cbv:BizStep-shipping}, {@code gs1:BizStep-shipping}) is
 * reduced to the bare word; any other value (a custom URI) is kept as given. Pure; thread-safe.
 */
final class Vocab {
  private Vocab() {}

  static String bizStep(String v) {
    return bare(v, "urn:epcglobal:cbv:bizstep:", "BizStep-");
  }

  static String disposition(String v) {
    return bare(v, "urn:epcglobal:cbv:disp:", "Disp-");
  }

  static String errorReason(String v) {
    return bare(v, "urn:epcglobal:cbv:er:", "ER-");
  }

  private static final List<String> WEB_BASES = List.of("https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/",
      "https://gs1.org/voc/", "http://gs1.org/voc/", "cbv:", "gs1:");

  private static String bare(String v, String urnPrefix, String webPrefix) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    if (s.regionMatches(true, 0, urnPrefix, 0, urnPrefix.length())) {
      return s.substring(urnPrefix.length());
    }
    for (String base : WEB_BASES) {
      String p = base + webPrefix;
      if (s.startsWith(p)) {
        return s.substring(p.length());
      }
    }
    return s;
  }
}
