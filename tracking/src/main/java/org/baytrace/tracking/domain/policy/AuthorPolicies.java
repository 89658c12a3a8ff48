package org.baytrace.tracking.domain.policy;

import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.AuthorPolicy;

/**
 * The author policy a node hands to its ledger. Stateless; the policies it returns are immutable
 * and thread-safe.
 */
public final class AuthorPolicies {
  private AuthorPolicies() {}

  /**
   * The registry's key rules ({@link OrgRegistry#authorPolicy()}: {@code UNKNOWN_KEY} for an
   * unregistered key, {@code NOT_AUTHORISED} for a first signature of another org or a key not
   * valid at the event time), then its policy table ({@link OrgRegistry#policy()}):
   * {@code NOT_AUTHORISED} naming the rule when no rule lets the author org's roles author the
   * record's kind, or the deciding rule's subject or co-signer constraint fails. Master data
   * records ({@code masterdata.*}) must besides come from the owner of the element's GS1 company
   * prefix or an org whose {@code signs_for} names that owner ({@link MasterDataOwnership}).
   */
  public static AuthorPolicy forRegistry(OrgRegistry registry) {
    AuthorPolicy keys = registry.authorPolicy();
    AuthorPolicy rules = new RulePolicy(registry);
    AuthorPolicy masterData = new MasterDataOwnership(registry);
    return record -> {
      keys.check(record);
      masterData.check(record);
      rules.check(record);
    };
  }
}
