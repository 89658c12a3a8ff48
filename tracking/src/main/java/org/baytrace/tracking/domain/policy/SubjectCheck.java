package org.baytrace.tracking.domain.policy;

import java.util.List;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.PolicyRule.Subjects;

/** A named subject constraint of a policy rule, judged against the author org. Stateless. */
@FunctionalInterface
interface SubjectCheck {
  /** Why these subjects are not allowed for {@code author}, or null if they are. */
  String problem(List<String> subjects, Org author);

  static SubjectCheck of(Subjects s) {
    return switch (s) {
      case ANY -> (subjects, author) -> null;
      case OWN_GS1_PREFIX -> OwnGs1Prefix.INSTANCE;
      case OWN_ORG_NAMESPACE -> OwnOrgNamespace.INSTANCE;
    };
  }
}
