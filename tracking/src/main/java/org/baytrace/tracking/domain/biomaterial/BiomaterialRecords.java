package org.baytrace.tracking.domain.biomaterial;

import java.util.regex.Pattern;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.HandOver;
import org.baytrace.api.biomaterial.v1.Shipment;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.coldchain.ProtoContent;
import org.baytrace.tracking.domain.coldchain.Subjects;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The biomaterial record kinds and their static rules (content and subject), each refusal
 * INVALID_FIELD naming the field. The permit rule: Category A (UN2814, UN2900) needs a permit
 * reference; UN3373 Category B and exempt specimens may carry one. Stateless.
 */
public final class BiomaterialRecords {
  private BiomaterialRecords() {}

  public static final String SHIPMENT = "biomaterial.Shipment";
  public static final String HAND_OVER = "biomaterial.HandOver";
  public static final String SHIPMENT_PROTO = "baytrace.biomaterial.v1.Shipment";
  public static final String HAND_OVER_PROTO = "baytrace.biomaterial.v1.HandOver";
  static final Pattern ORG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  static boolean needsPermit(Category c) {
    return c == Category.UN2814_CATEGORY_A || c == Category.UN2900_CATEGORY_A;
  }

  /** Checks a record of a biomaterial kind; other kinds pass. */
  static void check(ParsedRecord r) {
    if (r.kind().equals(SHIPMENT)) {
      shipment(r);
    } else if (r.kind().equals(HAND_OVER)) {
      handOver(r);
    }
  }

  static Shipment shipment(ParsedRecord r) {
    subject(r);
    Shipment s = ProtoContent.parse(r, Shipment.parser(), SHIPMENT_PROTO);
    if (s.getCategory() == Category.CATEGORY_UNSPECIFIED || s.getCategory() == Category.UNRECOGNIZED) {
      throw ProtoContent.invalid("category", s.getCategory().toString(),
          "UN3373_CATEGORY_B, UN2814_CATEGORY_A, UN2900_CATEGORY_A or EXEMPT");
    }
    if (s.getTemperatureClass() == TemperatureClass.TEMPERATURE_CLASS_UNSPECIFIED
        || s.getTemperatureClass() == TemperatureClass.UNRECOGNIZED) {
      throw ProtoContent.invalid("temperature_class", s.getTemperatureClass().toString(),
          "AMBIENT, REFRIGERATED, FROZEN, DRY_ICE or CRYOGENIC");
    }
    if (needsPermit(s.getCategory()) && s.getPermitReference().isEmpty()) {
      throw ProtoContent.invalid("permit_reference", "\"\"", "a permit reference: " + s.getCategory()
          + " (Category A) is shipped only under a permit");
    }
    ProtoContent.checkText("permit_reference", s.getPermitReference(), 128, false);
    if (!s.getConsigneeOrg().isEmpty() && !ORG.matcher(s.getConsigneeOrg()).matches()) {
      throw ProtoContent.invalid("consignee_org", ProtoContent.quote(s.getConsigneeOrg()), "an org id or nothing");
    }
    ProtoContent.checkText("description", s.getDescription(), 200, false);
    return s;
  }

  static HandOver handOver(ParsedRecord r) {
    subject(r);
    HandOver h = ProtoContent.parse(r, HandOver.parser(), HAND_OVER_PROTO);
    if (!ORG.matcher(h.getFromOrg()).matches()) {
      throw ProtoContent.invalid("from_org", ProtoContent.quote(h.getFromOrg()), "the id of the org handing over");
    }
    if (!ORG.matcher(h.getToOrg()).matches()) {
      throw ProtoContent.invalid("to_org", ProtoContent.quote(h.getToOrg()), "the id of the org taking over");
    }
    if (h.getFromOrg().equals(h.getToOrg())) {
      throw ProtoContent.invalid("to_org", ProtoContent.quote(h.getToOrg()), "another org than from_org");
    }
    if (!r.authorOrg().equals(h.getFromOrg()) && !r.authorOrg().equals(h.getToOrg())) {
      throw ProtoContent.invalid("body.author_org", ProtoContent.quote(r.authorOrg()), "the sender "
          + ProtoContent.quote(h.getFromOrg()) + " or the receiver " + ProtoContent.quote(h.getToOrg()));
    }
    ProtoContent.checkText("location", h.getLocation(), 200, false);
    ProtoContent.checkText("condition", h.getCondition(), 200, false);
    return h;
  }

  /** Exactly one subject: an SSCC Digital Link or a biomaterial shipment urn. */
  static String subject(ParsedRecord r) {
    if (r.subjects().size() != 1) {
      throw ProtoContent.invalid("body.subjects", r.subjects().size() + " subjects", "exactly one: the shipment");
    }
    String s = r.subjects().get(0);
    if (s.startsWith(Subjects.BIOMATERIAL_PREFIX)) {
      if (Subjects.biomaterialLab(s) == null) {
        throw ProtoContent.invalid("body.subjects[0]", ProtoContent.quote(s),
            Subjects.BIOMATERIAL_PREFIX + "{lab-org-id}:{id} with id [A-Za-z0-9._-]{1,64}");
      }
      return s;
    }
    String problem = Subjects.digitalLinkProblem(s);
    if (problem == null && !(TraceCode.parse(s) instanceof TraceCode.Sscc)) {
      problem = "an SSCC Digital Link https://id.gs1.org/00/{sscc}";
    }
    if (problem != null) {
      throw ProtoContent.invalid("body.subjects[0]", ProtoContent.quote(s), problem + " (a biomaterial shipment is "
          + "https://id.gs1.org/00/{sscc} or " + Subjects.BIOMATERIAL_PREFIX + "{lab-org-id}:{id})");
    }
    return s;
  }
}
