package org.baytrace.tracking.domain.gs1;

import java.util.Collection;
import java.util.Set;

/** {@link CompanyPrefixLookup} over a fixed set of prefixes, longest match. Immutable. */
final class KnownPrefixes implements CompanyPrefixLookup {
  private final Set<String> prefixes;

  KnownPrefixes(Collection<String> prefixes) {
    for (String p : prefixes) {
      if (!CheckDigit.isDigits(p) || p.length() < 6 || p.length() > 12) {
        throw new InvalidTraceCodeException(
            "company prefix \"" + p + "\": want 6 to 12 digits");
      }
    }
    this.prefixes = Set.copyOf(prefixes);
  }

  @Override
  public int prefixLength(String keyDigits) {
    for (int n = Math.min(12, keyDigits.length()); n >= 6; n--) {
      if (prefixes.contains(keyDigits.substring(0, n))) {
        return n;
      }
    }
    throw new InvalidTraceCodeException(
        "no known GS1 company prefix starts " + keyDigits + " (" + prefixes.size()
            + " prefixes known)");
  }

  @Override
  public String toString() {
    return "KnownPrefixes" + prefixes;
  }
}
