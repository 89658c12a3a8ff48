package org.baytrace.tracking.domain.policy;

import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * {@value #RULE}: master data about a GS1 key (a product class, a location, a party: {@link
 * MasterDataRecords}) is written by the owner of the key's GS1 company prefix, or by an
 * organisation the registry lets act for that owner: one whose {@code signs_for} names the owner
 * (the registry's existing delegation, which already lets it sign the owner's records; the
 * wildcard {@code "*"} of a node that signs for everyone names no owner and does not count).
 * The organisation judged is the one that stated the record ({@code submitted_by}, else the
 * author). The record's one subject must be the canonical form of the element id in its
 * content, so a record cannot name one company's code and describe another's.
 *
 * <p>Applies to master data kinds only, whatever role the writer has (the operator's catch-all
 * rule included): a name on a consumer page is the brand owner's word. Refusals are {@code
 * NOT_AUTHORISED} (HTTP 403) naming the rule, the element, the prefix and its owner. Immutable;
 * thread-safe.
 */
final class MasterDataOwnership implements AuthorPolicy {
  static final String RULE = "masterdata-owner";

  private final OrgRegistry registry;

  MasterDataOwnership(OrgRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void check(ParsedRecord record) {
    if (!record.kind().startsWith(MasterDataRecords.KIND_PREFIX)) {
      return;
    }
    if (!MasterDataRecords.CONTENT_TYPE.equals(record.contentType())) {
      throw refused("body.content_type: got \"" + record.contentType() + "\", want \"" + MasterDataRecords.CONTENT_TYPE
          + "\" for kind " + record.kind());
    }
    VocabularyElement element;
    try {
      element = MasterDataRecords.fromContent(record.content());
    } catch (IllegalArgumentException e) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "body.content: " + e.getMessage());
    }
    if (record.subjects().size() != 1 || !record.subjects().get(0).equals(element.subject())) {
      throw refused("body.subjects: got " + record.subjects() + ", want exactly [" + element.subject()
          + "], the canonical form of the element id " + element.id());
    }
    String stated = record.submittedBy().isEmpty() ? record.authorOrg() : record.submittedBy();
    Org writer = registry.org(stated).orElseThrow(() -> refused("org \"" + stated + "\" is not in the registry"));
    String digits;
    try {
      digits = OwnGs1Prefix.prefixedDigits(TraceCode.parse(element.subject()));
    } catch (InvalidTraceCodeException e) {
      throw refused("element " + element.id() + ": not a valid GS1 key, so its owner cannot be told: " + e.getMessage());
    }
    if (digits == null) {
      throw refused("element " + element.id() + ": not a GS1 key with a company prefix (GTIN, GLN, party GLN, SSCC, "
          + "GRAI, ...), so no owner can be told and no one may describe it on this ledger");
    }
    if (OwnGs1Prefix.owns(writer, digits)) {
      return;
    }
    List<Org> owners = new ArrayList<>();
    for (Org o : registry.orgs()) {
      if (OwnGs1Prefix.owns(o, digits)) {
        owners.add(o);
      }
    }
    for (Org owner : owners) {
      if (writer.signsFor().contains(owner.id())) {
        return; // the registry lets the writer act for the owner
      }
    }
    String ownerText = owners.isEmpty() ? "no registered organisation owns its GS1 company prefix"
        : "its GS1 company prefix is owned by " + owners.stream().map(o -> "\"" + o.id() + "\" "
            + o.gs1CompanyPrefixes()).toList();
    throw refused("element " + element.id() + ": " + ownerText + "; org \"" + writer.id() + "\" (owns "
        + OwnGs1Prefix.owned(writer) + ") may write master data only for its own GS1 keys or those of an org its "
        + "signs_for names (signs_for " + writer.signsFor() + ")");
  }

  private static LedgerException refused(String detail) {
    return new LedgerException(LedgerError.NOT_AUTHORISED, RULE + ": " + detail);
  }
}
