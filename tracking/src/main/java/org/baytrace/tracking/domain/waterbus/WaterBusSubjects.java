package org.baytrace.tracking.domain.waterbus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * Subjects of water-bus records: {@code urn:baytrace:waterbus:service:{operator}:{code}} and
 * {@code urn:baytrace:waterbus:voyage:{operator}:{number}}. The operator part is an org id, the
 * last part a code of capital letters, digits and hyphens. Stateless.
 */
public final class WaterBusSubjects {
  public static final String SERVICE_PREFIX = "urn:baytrace:waterbus:service:";
  public static final String VOYAGE_PREFIX = "urn:baytrace:waterbus:voyage:";
  static final Pattern ORG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,19}");
  private static final Pattern URN = Pattern.compile("urn:baytrace:waterbus:(service|voyage):(" + ORG.pattern() + "):("
      + CODE.pattern() + ")");

  /** An operator's service or voyage. */
  public record Id(String operator, String code, String urn) {}

  private WaterBusSubjects() {}

  public static String serviceUrn(String operator, String code) {
    return SERVICE_PREFIX + operator + ":" + code;
  }

  public static String voyageUrn(String operator, String number) {
    return VOYAGE_PREFIX + operator + ":" + number;
  }

  public static Id service(String field, String urn) {
    return parse(field, urn, "service");
  }

  public static Id voyage(String field, String urn) {
    return parse(field, urn, "voyage");
  }

  private static Id parse(String field, String urn, String type) {
    Matcher m = URN.matcher(urn);
    if (!m.matches() || !m.group(1).equals(type)) {
      throw Fields.invalid(field + ": got " + Quoted.of(urn) + ", want urn:baytrace:waterbus:" + type
          + ":{operator-org-id}:{" + (type.equals("service") ? "service-code" : "voyage-number") + "}");
    }
    return new Id(m.group(2), m.group(3), urn);
  }
}
