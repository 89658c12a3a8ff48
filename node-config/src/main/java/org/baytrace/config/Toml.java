package org.baytrace.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.baytrace.ledger.registry.Quote;

/** Text helpers for configuration messages: quoting values and suggesting the key meant. Stateless. */
final class Toml {
  private static final int MAX_SHOWN = 80;

  private Toml() {}

  /** A string as a TOML basic string, abbreviated if long; "nothing" for null. */
  static String quote(String s) {
    return Quote.of(s);
  }

  /** How a parsed value reads in a "got X" message. */
  static String show(JsonNode n) {
    if (n.isTextual()) {
      return quote(n.textValue());
    }
    if (n.isNumber() || n.isBoolean()) {
      return n.asText();
    }
    if (n.isArray()) {
      String json = n.toString();
      return "an array " + (json.length() > MAX_SHOWN ? json.substring(0, MAX_SHOWN - 3) + "..." : json);
    }
    if (n.isObject()) {
      return "a table";
    }
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The candidate an operator most likely meant by {@code typed}: equal once case, '-' and '_'
   * are ignored, or at most two edits away (one for short words).
   */
  static Optional<String> closest(String typed, Collection<String> candidates) {
    String t = normalise(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(t, normalise(c));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = t.length() <= 4 ? 1 : 2;
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
