package org.baytrace.tracking.domain.policy;

import java.util.List;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.tracking.domain.gs1.CompanyPrefixedKeys;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * {@code own_gs1_prefix}: every subject that is a GS1 key with a company prefix (GTIN in any of
 * its forms: class, lot, serial; SSCC; GLN; GRAI, GIAI and the other keys
 * {@link CompanyPrefixedKeys} reads; as Digital Link or EPC URI) must start with one of the
 * author's company prefixes, and at least one subject must be such a key. Other identifiers
 * (event ids, {@code urn:uuid:}, containers, other URIs) may accompany them: they name nothing a
 * company prefix could own. A subject that looks like a GS1 key but is malformed is refused, since
 * its owner cannot be told.
 */
final class OwnGs1Prefix implements SubjectCheck {
  static final OwnGs1Prefix INSTANCE = new OwnGs1Prefix();

  private OwnGs1Prefix() {}

  @Override
  public String problem(List<String> subjects, Org author) {
    boolean ownsOne = false;
    for (String subject : subjects) {
      String keyDigits;
      try {
        keyDigits = prefixedDigits(TraceCode.parse(subject));
      } catch (InvalidTraceCodeException e) {
        return "subject " + subject + ": not a valid trace code, so its GS1 company prefix cannot be told: " + e.getMessage();
      }
      if (keyDigits == null) {
        continue;
      }
      if (!owns(author, keyDigits)) {
        return "subject " + subject + ": GS1 company prefix not owned by \"" + author.id() + "\" (owns "
            + owned(author) + ")";
      }
      ownsOne = true;
    }
    if (!ownsOne) {
      return "subjects " + subjects + ": none is a GS1 key (GTIN, SSCC, GLN) under a GS1 company prefix of \""
          + author.id() + "\" (owns " + owned(author) + ")";
    }
    return null;
  }

  /** The digits a company prefix starts, or null for an identifier that is no such GS1 key. */
  static String prefixedDigits(TraceCode code) {
    return CompanyPrefixedKeys.digits(code);
  }

  static boolean owns(Org author, String keyDigits) {
    for (String prefix : author.gs1CompanyPrefixes()) {
      if (keyDigits.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static String owned(Org author) {
    return author.gs1CompanyPrefixes().isEmpty() ? "none" : author.gs1CompanyPrefixes().toString();
  }
}
