package org.baytrace.tracking.domain.common;

import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * An ISO 6346 size and type code ({@code 22G1}, {@code 45R1}, {@code L5G1}) reduced to what slot
 * accounting needs: TEU (20 ft = 1; 40 and 45 ft = 2) and whether it needs a reefer plug (type
 * group R, refrigerated). Immutable.
 */
public record SizeType(String code, int teu, boolean reefer) {
  private static final Pattern FORMAT = Pattern.compile("[24L][0-9A-Z][A-Z][0-9A-Z]");

  /** The code in {@code value}, or INVALID_FIELD naming {@code field}. */
  public static SizeType parse(String field, String value) {
    if (!FORMAT.matcher(value).matches()) {
      throw Fields.invalid(field + ": got " + Quoted.of(value)
          + ", want an ISO 6346 size-type code of a 20, 40 or 45 ft container, e.g. \"22G1\", \"45R1\", \"L5G1\"");
    }
    return new SizeType(value, value.charAt(0) == '2' ? 1 : 2, value.charAt(2) == 'R');
  }
}
