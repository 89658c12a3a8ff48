package org.baytrace.tracking.domain.customs;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baytrace.api.customs.v1.Arrival;
import org.baytrace.api.customs.v1.Declaration;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.api.customs.v1.DocumentLodgement;
import org.baytrace.api.customs.v1.DutiesPaid;
import org.baytrace.api.customs.v1.Exit;
import org.baytrace.api.customs.v1.InspectionOrdered;
import org.baytrace.api.customs.v1.InspectionOutcome;
import org.baytrace.api.customs.v1.InspectionPerformed;
import org.baytrace.api.customs.v1.InspectionResult;
import org.baytrace.api.customs.v1.Release;
import org.baytrace.api.customs.v1.RiskChannel;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.Overlay;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.domain.waterbus.WaterBusSubjects;

/**
 * Judges every {@code customs.*} record in log order and keeps {@link CustomsState}. Refusals,
 * each naming its rule:
 * <ul>
 *   <li>INVALID_FIELD: content or subjects malformed;</li>
 *   <li>NOT_AUTHORISED: {@code customs.customs-only} (Arrival, inspection, DutiesPaid, Release,
 *       Exit only by an org with the customs role), {@code customs.office-only} (and only by the
 *       office named in the declaration subject), {@code customs.declarant-only} (a Declaration
 *       or DocumentLodgement by its declarant or the office);</li>
 *   <li>RULE_VIOLATED: {@code customs.declaration-once}, {@code customs.declaration-known},
 *       {@code customs.stage-once}, {@code customs.port}, {@code customs.inspection-order}
 *       (performed needs ordered, result needs performed, no order after release),
 *       {@code customs.release-after-inspection} (an ordered inspection needs a COMPLIANT result
 *       before release), {@code customs.exit-after-release}, {@code customs.time-order} (a stage
 *       before the stage it follows).</li>
 * </ul>
 * Replay leaves out stored records the rule would refuse. Driven by the ledger's writer.
 */
public final class CustomsRule extends StagedRule<Overlay<String, Clearance>> {
  private final OrgRegistry registry;
  private final CustomsState state = new CustomsState();

  public CustomsRule(OrgRegistry registry) {
    this.registry = registry;
  }

  public CustomsState state() {
    return state;
  }

  /** Declarations, by URN, changed on top of the committed state. */
  @Override
  protected Overlay<String, Clearance> draft() {
    return Overlay.over(urn -> state.clearance(urn).orElse(null));
  }

  @Override
  protected boolean judges(ParsedRecord r) {
    return r.kind().startsWith(CustomsKinds.PREFIX);
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "customs";

  /** Snapshotted as the customs records it took: its state is built from those alone. */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    return Optional.of(ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, this::judges));
  }

  @Override
  protected void commit(Overlay<String, Clearance> draft, List<AppliedRecord> stored) {
    Map<Hash32, Long> indexes = new HashMap<>();
    stored.stream().filter(a -> judges(a.record())).forEach(a -> indexes.put(a.record().bodyHash(), a.index()));
    state.publish(draft.changes(), indexes);
  }

  @Override
  protected void apply(ParsedRecord r, Overlay<String, Clearance> d) {
    if (r.subjects().isEmpty()) {
      throw Fields.invalid("subjects: got none, want the declaration URN first");
    }
    DeclarationSubject subject = DeclarationSubject.parse("subjects[0]", r.subjects().get(0));
    boolean office = registry.org(subject.customsOrg()).map(o -> o.hasRole(OrgRegistry.Role.CUSTOMS)).orElse(false);
    if (!office) {
      throw Fields.invalid("subjects[0]: got customs office " + Quoted.of(subject.customsOrg())
          + ", want an org of the registry with the customs role");
    }
    switch (r.kind()) {
      case CustomsKinds.DECLARATION -> declaration(r, d, subject);
      case CustomsKinds.DOCUMENT_LODGEMENT -> {
        DocumentLodgement m = content(r, DocumentLodgement.parser(), DocumentLodgement.getDescriptor());
        onlySubject(r);
        pattern("document_type", m.getDocumentType(), "[a-z0-9][a-z0-9-]{0,39}", "1 to 40 of a-z, 0-9 and -");
        Fields.text("reference", m.getReference(), 1, 64);
        Clearance c = known(d, subject);
        declarantOrOffice(r, c);
        d.put(subject.urn(), c.with(stage(r, m.getDocumentType() + " " + m.getReference())));
      }
      case CustomsKinds.ARRIVAL -> {
        Arrival m = content(r, Arrival.parser(), Arrival.getDescriptor());
        onlySubject(r);
        UnLocode.check("port", m.getPort());
        Clearance c = customsStage(r, d, subject);
        samePort(c, m.getPort(), "Arrival");
        once(c, "Arrival");
        d.put(subject.urn(), c.with(stage(r, "at " + m.getPort())));
      }
      case CustomsKinds.INSPECTION_ORDERED -> {
        InspectionOrdered m = content(r, InspectionOrdered.parser(), InspectionOrdered.getDescriptor());
        onlySubject(r);
        if (m.getChannel() != RiskChannel.YELLOW && m.getChannel() != RiskChannel.RED) {
          throw Fields.invalid("channel: got " + m.getChannel() + ", want YELLOW or RED");
        }
        Fields.text("reason", m.getReason(), 0, 200);
        Clearance c = customsStage(r, d, subject);
        once(c, "InspectionOrdered");
        if (c.has("Release")) {
          throw violated("customs.inspection-order: declaration " + c.subject().urn() + " is already released; "
              + "an inspection is ordered before release");
        }
        after(c, r, "Declaration", c.lodged());
        d.put(subject.urn(), c.with(stage(r, m.getChannel() + (m.getReason().isEmpty() ? "" : ": " + m.getReason()))));
      }
      case CustomsKinds.INSPECTION_PERFORMED -> {
        InspectionPerformed m = content(r, InspectionPerformed.parser(), InspectionPerformed.getDescriptor());
        onlySubject(r);
        Fields.text("location", m.getLocation(), 1, 100);
        Clearance c = customsStage(r, d, subject);
        once(c, "InspectionPerformed");
        Clearance.Stage ordered = c.first("InspectionOrdered").orElseThrow(() -> violated("customs.inspection-order: "
            + "declaration " + c.subject().urn() + " has no inspection ordered; order it before it is performed"));
        after(c, r, "InspectionOrdered", ordered.time());
        d.put(subject.urn(), c.with(stage(r, m.getLocation())));
      }
      case CustomsKinds.INSPECTION_RESULT -> {
        InspectionResult m = content(r, InspectionResult.parser(), InspectionResult.getDescriptor());
        onlySubject(r);
        if (m.getOutcome() != InspectionOutcome.COMPLIANT && m.getOutcome() != InspectionOutcome.NON_COMPLIANT) {
          throw Fields.invalid("outcome: got " + m.getOutcome() + ", want COMPLIANT or NON_COMPLIANT");
        }
        Fields.text("findings", m.getFindings(), 0, 500);
        Clearance c = customsStage(r, d, subject);
        once(c, "InspectionResult");
        Clearance.Stage performed = c.first("InspectionPerformed").orElseThrow(() -> violated("customs.inspection-order: "
            + "declaration " + c.subject().urn() + " has no inspection performed; a result follows the inspection"));
        after(c, r, "InspectionPerformed", performed.time());
        d.put(subject.urn(), c.with(stage(r, m.getOutcome().name()
            + (m.getFindings().isEmpty() ? "" : ": " + m.getFindings()))));
      }
      case CustomsKinds.DUTIES_PAID -> {
        DutiesPaid m = content(r, DutiesPaid.parser(), DutiesPaid.getDescriptor());
        onlySubject(r);
        if (m.getAmountMinor() < 0) {
          throw Fields.invalid("amount_minor: got " + m.getAmountMinor() + ", want 0 or more");
        }
        pattern("currency", m.getCurrency(), "[A-Z]{3}", "an ISO 4217 code such as \"CNY\"");
        Clearance c = customsStage(r, d, subject);
        once(c, "DutiesPaid");
        after(c, r, "Declaration", c.lodged());
        d.put(subject.urn(), c.with(stage(r, String.format("%d.%02d %s", m.getAmountMinor() / 100,
            m.getAmountMinor() % 100, m.getCurrency()))));
      }
      case CustomsKinds.RELEASE -> {
        Release m = content(r, Release.parser(), Release.getDescriptor());
        onlySubject(r);
        Fields.text("reference", m.getReference(), 0, 64);
        Clearance c = customsStage(r, d, subject);
        once(c, "Release");
        if (c.has("InspectionOrdered")) {
          Clearance.Stage result = c.first("InspectionResult").orElseThrow(() -> violated(
              "customs.release-after-inspection: declaration " + c.subject().urn()
                  + " has an inspection ordered and no result; release follows a COMPLIANT result"));
          if (!result.detail().startsWith(InspectionOutcome.COMPLIANT.name())) {
            throw violated("customs.release-after-inspection: declaration " + c.subject().urn()
                + " was found NON_COMPLIANT (ledger record of " + result.author() + "); it is not released");
          }
          after(c, r, "InspectionResult", result.time());
        }
        after(c, r, "Declaration", c.lodged());
        d.put(subject.urn(), c.with(stage(r, m.getReference())));
      }
      case CustomsKinds.EXIT -> {
        Exit m = content(r, Exit.parser(), Exit.getDescriptor());
        onlySubject(r);
        UnLocode.check("port", m.getPort());
        Clearance c = customsStage(r, d, subject);
        samePort(c, m.getPort(), "Exit");
        once(c, "Exit");
        Clearance.Stage release = c.first("Release").orElseThrow(() -> violated("customs.exit-after-release: declaration "
            + c.subject().urn() + " is not released; goods exit after release"));
        after(c, r, "Release", release.time());
        d.put(subject.urn(), c.with(stage(r, "from " + m.getPort())));
      }
      default -> throw Fields.invalid("kind: got " + Quoted.of(r.kind()) + ", want one of "
          + CustomsKinds.DECLARANT_KINDS + " or " + CustomsKinds.CUSTOMS_KINDS);
    }
  }

  private void declaration(ParsedRecord r, Overlay<String, Clearance> d, DeclarationSubject subject) {
    Declaration m = content(r, Declaration.parser(), Declaration.getDescriptor());
    if (!m.getDeclarationNumber().equals(subject.number())) {
      throw Fields.invalid("declaration_number: got " + Quoted.of(m.getDeclarationNumber()) + ", want \""
          + subject.number() + "\" (the number in subjects[0])");
    }
    if (m.getType() != DeclarationType.IMPORT && m.getType() != DeclarationType.EXPORT) {
      throw Fields.invalid("type: got " + m.getType() + ", want IMPORT or EXPORT");
    }
    if (m.getGoodsCount() == 0) {
      throw Fields.invalid("goods: got none, want the trace code of at least one declared good");
    }
    List<String> want = new ArrayList<>(List.of(subject.urn()));
    for (int i = 0; i < m.getGoodsCount(); i++) {
      String g = m.getGoods(i);
      String canonical;
      try {
        TraceCode code = TraceCode.parse(g);
        canonical = code instanceof TraceCode.Unknown ? null : code.toDigitalLink();
      } catch (InvalidTraceCodeException e) {
        throw Fields.invalid("goods[" + i + "]: got " + Quoted.of(g) + ", want a GS1 Digital Link (" + e.getMessage() + ")");
      }
      if (!g.equals(canonical)) {
        throw Fields.invalid("goods[" + i + "]: got " + Quoted.of(g) + ", want a GS1 Digital Link in canonical form"
            + (canonical == null ? "" : " (\"" + canonical + "\")"));
      }
      want.add(g);
    }
    if (registry.org(m.getDeclarantOrg()).isEmpty()) {
      throw Fields.invalid("declarant_org: got " + Quoted.of(m.getDeclarantOrg()) + ", want an org of the registry");
    }
    UnLocode.check("port", m.getPort());
    for (int i = 0; i < m.getContainersCount(); i++) {
      want.add(ContainerNumber.parse("containers[" + i + "]", m.getContainers(i)).urn());
    }
    if (!m.getVoyage().isEmpty()) {
      WaterBusSubjects.voyage("voyage", m.getVoyage());
    }
    if (!r.subjects().equals(want)) {
      throw Fields.invalid("subjects: got " + r.subjects().size() + " subjects " + abbreviated(r.subjects())
          + ", want the declaration URN, then each goods trace code, then each container URN: " + abbreviated(want));
    }
    if (!r.authorOrg().equals(m.getDeclarantOrg()) && !r.authorOrg().equals(subject.customsOrg())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "customs.declarant-only: org " + Quoted.of(r.authorOrg())
          + " may not lodge declaration " + subject.urn() + "; want its declarant \"" + m.getDeclarantOrg()
          + "\" or the customs office \"" + subject.customsOrg() + "\"");
    }
    if (d.get(subject.urn()) != null) {
      throw violated("customs.declaration-once: declaration " + subject.urn() + " is already lodged; "
          + "amendments are DocumentLodgement records");
    }
    Clearance c = new Clearance(subject, m.getType(), m.getGoodsList(), m.getDeclarantOrg(), m.getPort(),
        m.getContainersList(), m.getVoyage(), r.eventTimeUnixMillis(), List.of());
    d.put(subject.urn(), c.with(stage(r, m.getType() + " at " + m.getPort())));
  }

  private static String abbreviated(List<String> subjects) {
    return subjects.size() <= 4 ? subjects.toString() : subjects.subList(0, 4) + "...";
  }

  private Clearance customsStage(ParsedRecord r, Overlay<String, Clearance> d, DeclarationSubject subject) {
    boolean customsRole = registry.org(r.authorOrg()).map(o -> o.hasRole(OrgRegistry.Role.CUSTOMS)).orElse(false);
    if (!customsRole) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "customs.customs-only: org " + Quoted.of(r.authorOrg())
          + " has no customs role; " + r.kind() + " is written by customs only");
    }
    if (!r.authorOrg().equals(subject.customsOrg())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "customs.office-only: org " + Quoted.of(r.authorOrg())
          + " may not write " + r.kind() + " for declaration " + subject.urn() + "; only the office \""
          + subject.customsOrg() + "\" may");
    }
    return known(d, subject);
  }

  private static void declarantOrOffice(ParsedRecord r, Clearance c) {
    if (!r.authorOrg().equals(c.declarant()) && !r.authorOrg().equals(c.subject().customsOrg())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "customs.declarant-only: org " + Quoted.of(r.authorOrg())
          + " may not write " + r.kind() + " for declaration " + c.subject().urn() + "; want its declarant \""
          + c.declarant() + "\" or the customs office \"" + c.subject().customsOrg() + "\"");
    }
  }

  private static Clearance known(Overlay<String, Clearance> d, DeclarationSubject subject) {
    Clearance c = d.get(subject.urn());
    if (c == null) {
      throw violated("customs.declaration-known: declaration " + subject.urn() + " is not lodged");
    }
    return c;
  }

  private static void once(Clearance c, String stage) {
    if (c.has(stage)) {
      throw violated("customs.stage-once: declaration " + c.subject().urn() + " already has its " + stage + " record");
    }
  }

  private static void samePort(Clearance c, String port, String stage) {
    if (!port.equals(c.port())) {
      throw violated("customs.port: " + stage + " at " + port + " for declaration " + c.subject().urn()
          + ", which is declared at " + c.port());
    }
  }

  private static void after(Clearance c, ParsedRecord r, String earlier, long earlierTime) {
    if (r.eventTimeUnixMillis() < earlierTime) {
      throw violated("customs.time-order: " + r.kind() + " of declaration " + c.subject().urn() + " at "
          + java.time.Instant.ofEpochMilli(r.eventTimeUnixMillis()) + " is before its " + earlier + " at "
          + java.time.Instant.ofEpochMilli(earlierTime));
    }
  }

  private static void onlySubject(ParsedRecord r) {
    if (r.subjects().size() != 1) {
      throw Fields.invalid("subjects: got " + r.subjects().size() + ", want 1: the declaration URN");
    }
  }

  private static Clearance.Stage stage(ParsedRecord r, String detail) {
    return new Clearance.Stage(CustomsKinds.stage(r.kind()), r.eventTimeUnixMillis(), r.authorOrg(), detail, r.bodyHash());
  }

  private static <T extends Message> T content(ParsedRecord r, Parser<T> parser, Descriptor descriptor) {
    return ProtoContent.parse(r, parser, descriptor);
  }

  private static void pattern(String field, String got, String regex, String want) {
    if (!got.matches(regex)) {
      throw Fields.invalid(field + ": got " + Quoted.of(got) + ", want " + want);
    }
  }

  private static LedgerException violated(String message) {
    return new LedgerException(LedgerError.RULE_VIOLATED, message);
  }
}
