package org.baytrace.tracking.domain.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The subjects cold-chain and biomaterial records may name (the #5 subject conventions): a
 * canonical GS1 Digital Link, {@code urn:baytrace:container:{ISO 6346}} with a valid check digit,
 * or {@code urn:baytrace:biomaterial:shipment:{org}:{id}}. Stateless.
 */
public final class Subjects {
  private Subjects() {}

  public static final String CONTAINER_PREFIX = ContainerNumber.URN_PREFIX;
  private static final Pattern ISO6346_SHAPE = Pattern.compile("[A-Z]{3}[UJZ][0-9]{7}");
  public static final String BIOMATERIAL_PREFIX = "urn:baytrace:biomaterial:shipment:";
  private static final Pattern BIO = Pattern.compile(Pattern.quote(BIOMATERIAL_PREFIX)
      + "([a-z0-9][a-z0-9-]{0,62}):([A-Za-z0-9._-]{1,64})");

  /** Null if {@code s} is a canonical Digital Link; else what is wanted instead. */
  public static String digitalLinkProblem(String s) {
    try {
      String canonical = TraceCode.parse(s).toDigitalLink();
      return canonical.equals(s) ? null : "the canonical form \"" + canonical + "\"";
    } catch (InvalidTraceCodeException e) {
      return "a valid trace code (" + e.getMessage() + ")";
    }
  }

  /** Null if {@code s} is a container subject with a valid ISO 6346 check digit; else what is wanted. */
  public static String containerProblem(String s) {
    String number = s.substring(CONTAINER_PREFIX.length());
    if (ContainerNumber.problem(number) == null) {
      return null;
    }
    if (!ISO6346_SHAPE.matcher(number).matches()) {
      return "an ISO 6346 container number such as MSCU1234566 after " + CONTAINER_PREFIX;
    }
    return "ISO 6346 check digit " + ContainerNumber.checkDigit(number.substring(0, 10));
  }

  /** The lab org id of a biomaterial shipment urn, or null if {@code s} is not one. */
  public static String biomaterialLab(String s) {
    Matcher m = BIO.matcher(s);
    return m.matches() ? m.group(1) : null;
  }

  /** Null if {@code s} may be the subject of a cold-chain record; else what is wanted. */
  public static String coldChainProblem(String s) {
    if (s.startsWith(CONTAINER_PREFIX)) {
      return containerProblem(s);
    }
    if (s.startsWith(BIOMATERIAL_PREFIX)) {
      return biomaterialLab(s) != null ? null : BIOMATERIAL_PREFIX + "{lab-org-id}:{id}";
    }
    return digitalLinkProblem(s);
  }
}
