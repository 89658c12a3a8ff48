package org.baytrace.tracking.domain.multimodal;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.multimodal.v1.HandOver;
import org.baytrace.api.multimodal.v1.TransportDocument;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.api.multimodal.v1.TransportMeans;
import org.baytrace.api.multimodal.v1.TransportMode;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.Subjects;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The multimodal record kind, its static checks (subjects and content, each refusal INVALID_FIELD
 * naming the field: {@code field: got X, want Y}) and a builder for its bodies. Checks that need
 * the registry or the log are {@link HandOverRule}'s. Stateless.
 */
public final class MultimodalRecords {
  public static final String PREFIX = "multimodal.";
  public static final String HAND_OVER = "multimodal.HandOver";
  public static final String HAND_OVER_PROTO = "baytrace.multimodal.v1.HandOver";
  /** Most subjects one hand-over names (a consignment of several containers or pallets). */
  static final int MAX_SUBJECTS = 16;
  /** UN/CEFACT an..35 references (conveyance reference numbers, document numbers), upper case. */
  private static final Pattern REFERENCE = Pattern.compile("[A-Z0-9][A-Z0-9/-]{0,34}");
  private static final Pattern AIR_WAYBILL = Pattern.compile("([0-9]{3})-?([0-9]{7})([0-9])");
  private static final Pattern IMO = Pattern.compile("IMO([0-9]{6})([0-9])");
  private static final Pattern ORG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private MultimodalRecords() {}

  /** A hand-over record about {@code subjects}; the caller signs it (both parties, author first). */
  public static RecordBody handOver(String origin, String author, List<String> subjects, long time, String nonce,
      HandOver content) {
    return RecordBody.newBuilder().setOrigin(origin).setKind(HAND_OVER).addAllSubjects(subjects)
        .setEventTimeUnixMillis(time).setAuthorOrg(author).setNonce(ByteString.copyFromUtf8(nonce))
        .setContentType(ProtoContent.contentType(HAND_OVER_PROTO)).setContent(content.toByteString()).build();
  }

  /**
   * The hand-over a record carries, checked field by field: subjects, modes, place, parties (their
   * syntax; that they are registered is the rule's check), both means.
   */
  static HandOver check(ParsedRecord r) {
    subjects(r.subjects());
    HandOver h = ProtoContent.parse(r, HandOver.parser(), HandOver.getDescriptor());
    mode("from_mode", h.getFromMode());
    mode("to_mode", h.getToMode());
    if (h.getFromMode() == h.getToMode()) {
      throw Fields.invalid("to_mode", h.getToMode().name(), "a mode other than from_mode " + h.getFromMode().name()
          + " (a hand-over changes the mode of transport)");
    }
    place(h.getPlace());
    party("from_party", h.getFromParty());
    party("to_party", h.getToParty());
    if (!h.hasFromMeans()) {
      throw Fields.invalid("from_means", "nothing", "the means the goods arrived on (its conveyance reference)");
    }
    if (!h.hasToMeans()) {
      throw Fields.invalid("to_means", "nothing", "the means the goods leave on (its conveyance reference)");
    }
    means("from_means", h.getFromMeans(), h.getFromMode());
    means("to_means", h.getToMeans(), h.getToMode());
    return h;
  }

  private static void subjects(List<String> subjects) {
    if (subjects.isEmpty() || subjects.size() > MAX_SUBJECTS) {
      throw Fields.invalid("subjects", subjects.size() + " subjects", "1 to " + MAX_SUBJECTS
          + " trace codes or containers handed over");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < subjects.size(); i++) {
      String s = subjects.get(i);
      String field = "subjects[" + i + "]";
      String problem = s.startsWith(Subjects.CONTAINER_PREFIX) ? Subjects.containerProblem(s) : goodsProblem(s);
      if (problem != null) {
        throw Fields.invalid(field, Quoted.of(s), problem);
      }
      if (!seen.add(s)) {
        throw Fields.invalid(field, Quoted.of(s), "a subject not named before in this record");
      }
    }
  }

  /** Null if {@code s} is the canonical Digital Link of goods (an item, a lot, a logistic unit); else what is wanted. */
  private static String goodsProblem(String s) {
    String problem = Subjects.digitalLinkProblem(s);
    if (problem != null) {
      return problem + ", or a container urn:baytrace:container:{ISO 6346}";
    }
    TraceCode code = TraceCode.parse(s);
    boolean goods = code instanceof TraceCode.Sgtin || code instanceof TraceCode.Lgtin || code instanceof TraceCode.Sscc;
    return goods ? null : "goods that travel: a trade item (/01/…/21/…), a lot (/01/…/10/…), a logistic unit"
        + " (/00/{sscc}) or a container urn:baytrace:container:{ISO 6346}";
  }

  private static void mode(String field, TransportMode m) {
    if (!TransportModes.HANDED_OVER.contains(m)) {
      throw Fields.invalid(field, m == TransportMode.UNRECOGNIZED ? "a number that is no UN/ECE Rec 19 code here"
          : m.name() + " (Rec 19 code " + m.getNumber() + ")", "one of MARITIME (1), RAIL (2), ROAD (3), AIR (4),"
          + " MAIL (5), INLAND_WATERWAY (8)");
    }
  }

  private static void place(String place) {
    String want = "a GLN: an SGLN EPC URI (urn:epc:id:sgln:…) or a GS1 Digital Link (…/414/{gln})";
    if (place.isEmpty()) {
      throw Fields.invalid("place", "\"\"", want);
    }
    try {
      if (!(TraceCode.parse(place) instanceof TraceCode.Gln)) {
        throw Fields.invalid("place", Quoted.of(place), want);
      }
    } catch (InvalidTraceCodeException e) {
      throw Fields.invalid("place", Quoted.of(place), want + " (" + e.getMessage() + ")");
    }
  }

  private static void party(String field, String org) {
    if (!ORG.matcher(org).matches()) {
      throw Fields.invalid(field, Quoted.of(org), "an org id of the registry");
    }
  }

  private static void means(String field, TransportMeans m, TransportMode mode) {
    if (!REFERENCE.matcher(m.getReference()).matches()) {
      throw Fields.invalid(field + ".reference", Quoted.of(m.getReference()), "the conveyance reference (voyage,"
          + " flight or train number): 1 to 35 characters of A-Z, 0-9, \"/\" and \"-\"");
    }
    if (!m.getImoNumber().isEmpty()) {
      if (mode != TransportMode.MARITIME) {
        throw Fields.invalid(field + ".imo_number", Quoted.of(m.getImoNumber()), "nothing: an IMO number names a"
            + " sea-going ship, and this side's mode is " + mode.name());
      }
      var imo = IMO.matcher(m.getImoNumber());
      if (!imo.matches()) {
        throw Fields.invalid(field + ".imo_number", Quoted.of(m.getImoNumber()), "\"IMO\" and 7 digits, e.g. IMO9321483");
      }
      int check = imoCheckDigit(imo.group(1));
      if (check != imo.group(2).charAt(0) - '0') {
        throw Fields.invalid(field + ".imo_number", Quoted.of(m.getImoNumber()), "IMO check digit " + check);
      }
    }
    Fields.text(field + ".name", m.getName(), 0, 70);
    if (m.hasDocument()) {
      document(field + ".document", m.getDocument());
    }
  }

  private static void document(String field, TransportDocument d) {
    if (d.getType() == TransportDocumentType.TRANSPORT_DOCUMENT_TYPE_UNSPECIFIED
        || d.getType() == TransportDocumentType.UNRECOGNIZED) {
      throw Fields.invalid(field + ".type", d.getType().name(), "the kind of transport document, e.g. BILL_OF_LADING,"
          + " AIR_WAYBILL, RAIL_CONSIGNMENT_NOTE");
    }
    if (!REFERENCE.matcher(d.getNumber()).matches()) {
      throw Fields.invalid(field + ".number", Quoted.of(d.getNumber()), "the document number: 1 to 35 characters of"
          + " A-Z, 0-9, \"/\" and \"-\"");
    }
    if (d.getType() == TransportDocumentType.AIR_WAYBILL || d.getType() == TransportDocumentType.MASTER_AIR_WAYBILL) {
      var awb = AIR_WAYBILL.matcher(d.getNumber());
      if (!awb.matches()) {
        throw Fields.invalid(field + ".number", Quoted.of(d.getNumber()), "an air waybill number: 3-digit airline"
            + " prefix and 8 digits, e.g. 160-12345675");
      }
      int check = Integer.parseInt(awb.group(2)) % 7;
      if (check != awb.group(3).charAt(0) - '0') {
        throw Fields.invalid(field + ".number", Quoted.of(d.getNumber()), "air waybill check digit " + check
            + " (the 7-digit serial modulo 7)");
      }
    }
  }

  /** IMO check digit: the six digits weighted 7 to 2, summed, modulo 10. */
  static int imoCheckDigit(String six) {
    int sum = 0;
    for (int i = 0; i < 6; i++) {
      sum += (six.charAt(i) - '0') * (7 - i);
    }
    return sum % 10;
  }

  /** The checked content as the state keeps it. */
  static ModeHandOver.Means means(TransportMeans m) {
    boolean doc = m.hasDocument();
    return new ModeHandOver.Means(m.getReference(), blankToNull(m.getImoNumber()), blankToNull(m.getName()),
        doc ? m.getDocument().getType() : null, doc ? m.getDocument().getNumber() : null);
  }

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
