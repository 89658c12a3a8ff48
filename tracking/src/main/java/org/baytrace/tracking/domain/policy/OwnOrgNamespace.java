package org.baytrace.tracking.domain.policy;

import java.util.List;
import org.baytrace.ledger.registry.OrgRegistry.Org;

/**
 * {@code own_org_namespace}: every subject in an org namespace,
 * {@code urn:baytrace:<domain>:<type>:<org-id>:<id>} (water-bus services and voyages, customs
 * declarations, biomaterial shipments), must name the author org, and at least one must. Subjects
 * outside org namespaces (GS1 codes, {@code urn:baytrace:container:...}) may accompany them. The
 * {@code urn:baytrace:} prefix is matched without regard to case, so a differently cased URN cannot
 * slip past as "not namespaced".
 */
final class OwnOrgNamespace implements SubjectCheck {
  static final OwnOrgNamespace INSTANCE = new OwnOrgNamespace();

  private static final String PREFIX = "urn:baytrace:";

  private OwnOrgNamespace() {}

  @Override
  public String problem(List<String> subjects, Org author) {
    boolean ownsOne = false;
    for (String subject : subjects) {
      String org = namespaceOrg(subject);
      if (org == null) {
        continue;
      }
      if (!org.equals(author.id())) {
        return "subject " + subject + ": in the namespace of org \"" + org + "\", not of \"" + author.id() + "\"";
      }
      ownsOne = true;
    }
    if (!ownsOne) {
      return "subjects " + subjects + ": none is in the namespace of \"" + author.id() + "\" (urn:baytrace:<domain>:<type>:"
          + author.id() + ":<id>)";
    }
    return null;
  }

  /**
   * The org id of {@code urn:baytrace:<domain>:<type>:<org>[:<id>]}, or null if the subject has
   * no org namespace (fewer than five parts).
   */
  static String namespaceOrg(String subject) {
    if (!subject.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    int domainEnd = subject.indexOf(':', PREFIX.length());
    int typeEnd = domainEnd < 0 ? -1 : subject.indexOf(':', domainEnd + 1);
    if (typeEnd < 0) {
      return null; // e.g. urn:baytrace:container:MSCU1234566
    }
    // A namespaced URN cut short after the org still names that org: judged, not waved through.
    int orgEnd = subject.indexOf(':', typeEnd + 1);
    return subject.substring(typeEnd + 1, orgEnd < 0 ? subject.length() : orgEnd);
  }
}
