package org.baytrace.tracking.domain.policy;

import java.util.List;

/**
 * A record-kind pattern: exact, or a glob in which each {@code *} matches any run of characters
 * (dots included). Precompiled into its literal pieces; matching allocates nothing.
 */
final class KindPattern {
  private final String text;
  private final List<String> pieces; // the literal text between stars; one piece = exact
  private final boolean exact;

  private KindPattern(String text) {
    this.text = text;
    this.pieces = List.of(text.split("\\*", -1));
    this.exact = pieces.size() == 1;
  }

  static KindPattern compile(String pattern) {
    return new KindPattern(pattern);
  }

  /** True for {@code *} (or {@code **}...): a pattern that matches every kind. */
  boolean matchesEverything() {
    return pieces.stream().allMatch(String::isEmpty);
  }

  boolean matches(String kind) {
    if (exact) {
      return text.equals(kind);
    }
    String first = pieces.get(0);
    String last = pieces.get(pieces.size() - 1);
    if (kind.length() < first.length() + last.length() || !kind.startsWith(first) || !kind.endsWith(last)) {
      return false;
    }
    // Middle pieces in order, each as early as possible, between the first and last pieces.
    int at = first.length();
    int end = kind.length() - last.length();
    for (int i = 1; i < pieces.size() - 1; i++) {
      String p = pieces.get(i);
      int found = kind.indexOf(p, at);
      if (found < 0 || found + p.length() > end) {
        return false;
      }
      at = found + p.length();
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
