package org.baytrace.tracking.domain.gs1;

import java.util.Collection;

/**
 * Tells how many leading digits of a GS1 key are the GS1 company prefix. Converting a Digital
 * Link to an EPC URI needs this, because the EPC URI marks the end of the prefix with a dot while
 * the Digital Link does not. The organisation registry implements it from the prefixes each
 * organisation owns; {@link #ofKnownPrefixes} does it from a list.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CompanyPrefixLookup {
  /**
   * The length (6 to 12) of the company prefix at the start of {@code keyDigits}.
   *
   * @param keyDigits the key's digits from the first digit of the company prefix on: a GTIN-14
   *     without its indicator digit, an SSCC without its extension digit, a GLN as it is
   * @throws InvalidTraceCodeException if no company prefix is known for the key
   */
  int prefixLength(String keyDigits);

  /**
   * A lookup over a fixed list of company prefixes; the longest one that starts the key wins.
   *
   * @param prefixes company prefixes, each 6 to 12 digits
   * @throws InvalidTraceCodeException if a prefix is not 6 to 12 digits
   */
  static CompanyPrefixLookup ofKnownPrefixes(Collection<String> prefixes) {
    return new KnownPrefixes(prefixes);
  }
}
