package org.baytrace.tracking.domain.biomaterial;

import java.util.regex.Pattern;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.HandOver;
import org.baytrace.api.biomaterial.v1.Shipment;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.Subjects;
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
    Shipment s = ProtoContent.parse(r, Shipment.parser(), Shipment.getDescriptor());
    if (s.getCategory() == Category.CATEGORY_UNSPECIFIED || s.getCategory() == Category.UNRECOGNIZED) {
      throw Fields.invalid("category", s.getCategory().toString(),
          "UN3373_CATEGORY_B, UN2814_CATEGORY_A, UN2900_CATEGORY_A or EXEMPT");
    }
    if (s.getTemperatureClass() == TemperatureClass.TEMPERATURE_CLASS_UNSPECIFIED
        || s.getTemperatureClass() == TemperatureClass.UNRECOGNIZED) {
      throw Fields.invalid("temperature_class", s.getTemperatureClass().toString(),
          "AMBIENT, REFRIGERATED, FROZEN, DRY_ICE or CRYOGENIC");
    }
    if (needsPermit(s.getCategory()) && s.getPermitReference().isEmpty()) {
      throw Fields.invalid("permit_reference", "\"\"", "a permit reference: " + s.getCategory()
          + " (Category A) is shipped only under a permit");
    }
    Fields.text("permit_reference", s.getPermitReference(), 0, 128);
    if (!s.getConsigneeOrg().isEmpty() && !ORG.matcher(s.getConsigneeOrg()).matches()) {
      throw Fields.invalid("consignee_org", Quoted.of(s.getConsigneeOrg()), "an org id or nothing");
    }
    Fields.text("description", s.getDescription(), 0, 200);
    return s;
  }

  static HandOver handOver(ParsedRecord r) {
    subject(r);
    HandOver h = ProtoContent.parse(r, HandOver.parser(), HandOver.getDescriptor());
    if (!ORG.matcher(h.getFromOrg()).matches()) {
      throw Fields.invalid("from_org", Quoted.of(h.getFromOrg()), "the id of the org handing over");
    }
    if (!ORG.matcher(h.getToOrg()).matches()) {
      throw Fields.invalid("to_org", Quoted.of(h.getToOrg()), "the id of the org taking over");
    }
    if (h.getFromOrg().equals(h.getToOrg())) {
      throw Fields.invalid("to_org", Quoted.of(h.getToOrg()), "another org than from_org");
    }
    if (!r.authorOrg().equals(h.getFromOrg()) && !r.authorOrg().equals(h.getToOrg())) {
      throw Fields.invalid("body.author_org", Quoted.of(r.authorOrg()), "the sender "
          + Quoted.of(h.getFromOrg()) + " or the receiver " + Quoted.of(h.getToOrg()));
    }
    Fields.text("location", h.getLocation(), 0, 200);
    Fields.text("condition", h.getCondition(), 0, 200);
    return h;
  }

  /** Exactly one subject: an SSCC Digital Link or a biomaterial shipment urn. */
  static String subject(ParsedRecord r) {
    if (r.subjects().size() != 1) {
      throw Fields.invalid("body.subjects", r.subjects().size() + " subjects", "exactly one: the shipment");
    }
    String s = r.subjects().get(0);
    if (s.startsWith(Subjects.BIOMATERIAL_PREFIX)) {
      if (Subjects.biomaterialLab(s) == null) {
        throw Fields.invalid("body.subjects[0]", Quoted.of(s),
            Subjects.BIOMATERIAL_PREFIX + "{lab-org-id}:{id} with id [A-Za-z0-9._-]{1,64}");
      }
      return s;
    }
    String problem = Subjects.digitalLinkProblem(s);
    if (problem == null && !(TraceCode.parse(s) instanceof TraceCode.Sscc)) {
      problem = "an SSCC Digital Link https://id.gs1.org/00/{sscc}";
    }
    if (problem != null) {
      throw Fields.invalid("body.subjects[0]", Quoted.of(s), problem + " (a biomaterial shipment is "
          + "https://id.gs1.org/00/{sscc} or " + Subjects.BIOMATERIAL_PREFIX + "{lab-org-id}:{id})");
    }
    return s;
  }
}
