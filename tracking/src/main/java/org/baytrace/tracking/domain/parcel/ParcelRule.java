package org.baytrace.tracking.domain.parcel;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.baytrace.api.parcel.v1.ClearanceMode;
import org.baytrace.api.parcel.v1.Declared;
import org.baytrace.api.parcel.v1.Delivered;
import org.baytrace.api.parcel.v1.DeliveryMethod;
import org.baytrace.api.parcel.v1.Held;
import org.baytrace.api.parcel.v1.HoldReason;
import org.baytrace.api.parcel.v1.Inspected;
import org.baytrace.api.parcel.v1.InspectionMethod;
import org.baytrace.api.parcel.v1.InspectionOutcome;
import org.baytrace.api.parcel.v1.Released;
import org.baytrace.api.parcel.v1.ReturnReason;
import org.baytrace.api.parcel.v1.Returned;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.Overlay;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.UnLocode;

/**
 * Judges every {@code parcel.*} record in log order and keeps {@link ParcelState}. Refusals, each
 * naming its rule:
 * <ul>
 *   <li>INVALID_FIELD: content malformed, an unset enum, a subject that is not one parcel
 *       subject, a nonce other than {@link ParcelRecords#nonce} ({@code parcel.no-free-bytes}:
 *       with unknown fields refused too, a parcel record has no place for a name, an address, a
 *       phone number or the waybill);</li>
 *   <li>NOT_AUTHORISED: {@code parcel.declarant-only} (Declared by a carrier or a producer, i.e.
 *       a courier or an e-commerce enterprise), {@code parcel.customs-only} (Inspected, Held,
 *       Released by an org with the customs role), {@code parcel.office-only} (and only by the
 *       office the parcel is declared to), {@code parcel.carrier-only} (Delivered, Returned by a
 *       carrier);</li>
 *   <li>RULE_VIOLATED: {@code parcel.declaration-once}, {@code parcel.declared-first},
 *       {@code parcel.stage-once} (Inspected, Released), {@code parcel.before-release} (no
 *       inspection or hold after release), {@code parcel.release-after-inspection} (a
 *       NON_COMPLIANT parcel is not released), {@code parcel.delivery-after-release},
 *       {@code parcel.final} (nothing after Delivered or Returned), {@code parcel.time-order}
 *       (no record before the parcel's latest).</li>
 * </ul>
 * Replay leaves out stored records the rule would refuse. Driven by the ledger's writer.
 */
public final class ParcelRule extends StagedRule<Overlay<String, Parcel>> {
  private static final Set<String> KINDS = Set.of(ParcelKinds.DECLARED, ParcelKinds.INSPECTED, ParcelKinds.HELD,
      ParcelKinds.RELEASED, ParcelKinds.DELIVERED, ParcelKinds.RETURNED);
  static final int MAX_HS_CODES = 10;
  static final int MAX_ITEMS = 99;

  private final OrgRegistry registry;
  private final ParcelState state = new ParcelState();

  public ParcelRule(OrgRegistry registry) {
    this.registry = registry;
  }

  public ParcelState state() {
    return state;
  }

  @Override
  protected Overlay<String, Parcel> draft() {
    return Overlay.over(subject -> state.parcel(subject).orElse(null));
  }

  @Override
  protected boolean judges(ParsedRecord r) {
    return r.kind().startsWith(ParcelKinds.PREFIX);
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "parcel";

  /** Snapshotted as the parcel records it took: its state is built from those alone. */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    return Optional.of(ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, this::judges));
  }

  @Override
  protected void commit(Overlay<String, Parcel> draft, List<AppliedRecord> stored) {
    Map<Hash32, Long> indexes = new HashMap<>();
    stored.stream().filter(a -> judges(a.record())).forEach(a -> indexes.put(a.record().bodyHash(), a.index()));
    state.publish(draft.changes(), indexes);
  }

  @Override
  protected void apply(ParsedRecord r, Overlay<String, Parcel> d) {
    if (!KINDS.contains(r.kind())) {
      throw Fields.invalid("kind", Quoted.of(r.kind()), "one of " + List.of(ParcelKinds.DECLARED, ParcelKinds.INSPECTED,
          ParcelKinds.HELD, ParcelKinds.RELEASED, ParcelKinds.DELIVERED, ParcelKinds.RETURNED));
    }
    if (r.subjects().size() != 1) {
      throw Fields.invalid("subjects", r.subjects().size() + " subjects",
          "1: the parcel subject derived from waybill and label code, and nothing else");
    }
    String subject = r.subjects().get(0);
    ParcelSubject.check("subjects[0]", subject);
    if (!Arrays.equals(r.nonce(), ParcelRecords.nonce(r.kind(), subject, r.eventTimeUnixMillis()))) {
      throw Fields.invalid("nonce", r.nonce().length + " bytes that are not the derived nonce",
          "ParcelRecords.nonce(kind, subject, event time) (parcel.no-free-bytes: a parcel record carries no bytes"
              + " a person's data could hide in)");
    }
    switch (r.kind()) {
      case ParcelKinds.DECLARED -> declared(r, d, subject);
      case ParcelKinds.INSPECTED -> {
        Inspected m = content(r, Inspected.parser(), Inspected.getDescriptor());
        set("method", m.getMethod(), InspectionMethod.INSPECTION_METHOD_UNSPECIFIED, InspectionMethod.UNRECOGNIZED);
        set("outcome", m.getOutcome(), InspectionOutcome.INSPECTION_OUTCOME_UNSPECIFIED, InspectionOutcome.UNRECOGNIZED);
        Parcel p = customsStage(r, d, subject);
        once(p, "Inspected");
        beforeRelease(p, r);
        d.put(subject, p.with(stage(r, m.getMethod().name() + " " + m.getOutcome().name())));
      }
      case ParcelKinds.HELD -> {
        Held m = content(r, Held.parser(), Held.getDescriptor());
        set("reason", m.getReason(), HoldReason.HOLD_REASON_UNSPECIFIED, HoldReason.UNRECOGNIZED);
        Parcel p = customsStage(r, d, subject);
        beforeRelease(p, r);
        d.put(subject, p.with(stage(r, m.getReason().name())));
      }
      case ParcelKinds.RELEASED -> {
        content(r, Released.parser(), Released.getDescriptor());
        Parcel p = customsStage(r, d, subject);
        once(p, "Released");
        p.first("Inspected").filter(i -> i.detail().endsWith(InspectionOutcome.NON_COMPLIANT.name())).ifPresent(i -> {
          throw violated("parcel.release-after-inspection: parcel " + subject + " was found NON_COMPLIANT (record of "
              + i.author() + " at " + Instant.ofEpochMilli(i.time()) + "); it is not released");
        });
        d.put(subject, p.with(stage(r, "")));
      }
      case ParcelKinds.DELIVERED -> {
        Delivered m = content(r, Delivered.parser(), Delivered.getDescriptor());
        set("method", m.getMethod(), DeliveryMethod.DELIVERY_METHOD_UNSPECIFIED, DeliveryMethod.UNRECOGNIZED);
        Parcel p = carrierStage(r, d, subject);
        if (!p.has("Released")) {
          throw violated("parcel.delivery-after-release: parcel " + subject + " is not released by customs; "
              + "it is delivered after release");
        }
        d.put(subject, p.with(stage(r, m.getMethod().name())));
      }
      default -> { // RETURNED
        Returned m = content(r, Returned.parser(), Returned.getDescriptor());
        set("reason", m.getReason(), ReturnReason.RETURN_REASON_UNSPECIFIED, ReturnReason.UNRECOGNIZED);
        Parcel p = carrierStage(r, d, subject);
        if (m.getReason() == ReturnReason.NOT_RELEASED && p.has("Released")) {
          throw violated("parcel.release-after-inspection: parcel " + subject + " is released; "
              + "it cannot go back as NOT_RELEASED");
        }
        d.put(subject, p.with(stage(r, m.getReason().name())));
      }
    }
  }

  private void declared(ParsedRecord r, Overlay<String, Parcel> d, String subject) {
    Declared m = content(r, Declared.parser(), Declared.getDescriptor());
    set("mode", m.getMode(), ClearanceMode.CLEARANCE_MODE_UNSPECIFIED, ClearanceMode.UNRECOGNIZED);
    boolean office = registry.org(m.getCustomsOffice()).map(o -> o.hasRole(Role.CUSTOMS)).orElse(false);
    if (!office) {
      throw Fields.invalid("customs_office", Quoted.of(m.getCustomsOffice()), "an org of the registry with the customs role");
    }
    UnLocode.check("port", m.getPort());
    if (m.getHsCodesCount() < 1 || m.getHsCodesCount() > MAX_HS_CODES) {
      throw Fields.invalid("hs_codes", m.getHsCodesCount() + " codes", "1 to " + MAX_HS_CODES + " HS subheadings");
    }
    for (int i = 0; i < m.getHsCodesCount(); i++) {
      if (!m.getHsCodes(i).matches("[0-9]{6}")) {
        throw Fields.invalid("hs_codes[" + i + "]", Quoted.of(m.getHsCodes(i)), "an HS subheading of 6 digits");
      }
    }
    if (m.getItemCount() < 1 || m.getItemCount() > MAX_ITEMS) {
      throw Fields.invalid("item_count", Integer.toUnsignedString(m.getItemCount()), "1 to " + MAX_ITEMS);
    }
    if (!hasRole(r.authorOrg(), Role.CARRIER) && !hasRole(r.authorOrg(), Role.PRODUCER)) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "parcel.declarant-only: org " + Quoted.of(r.authorOrg())
          + " is neither a carrier (courier, logistics enterprise) nor a producer (e-commerce enterprise); "
          + "only they declare parcels");
    }
    if (d.get(subject) != null) {
      throw violated("parcel.declaration-once: parcel " + subject + " is already declared");
    }
    Parcel p = new Parcel(subject, m.getMode(), m.getCustomsOffice(), m.getPort(), m.getHsCodesList(), m.getItemCount(),
        r.authorOrg(), List.of());
    d.put(subject, p.with(stage(r, m.getMode().name() + " " + m.getPort())));
  }

  private Parcel customsStage(ParsedRecord r, Overlay<String, Parcel> d, String subject) {
    if (!hasRole(r.authorOrg(), Role.CUSTOMS)) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "parcel.customs-only: org " + Quoted.of(r.authorOrg())
          + " has no customs role; " + r.kind() + " is written by customs only");
    }
    Parcel p = known(d, subject, r);
    if (!r.authorOrg().equals(p.customsOffice())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "parcel.office-only: org " + Quoted.of(r.authorOrg())
          + " may not write " + r.kind() + " for parcel " + subject + "; only the office it is declared to, \""
          + p.customsOffice() + "\", may");
    }
    return p;
  }

  private Parcel carrierStage(ParsedRecord r, Overlay<String, Parcel> d, String subject) {
    if (!hasRole(r.authorOrg(), Role.CARRIER)) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "parcel.carrier-only: org " + Quoted.of(r.authorOrg())
          + " has no carrier role; " + r.kind() + " is written by the courier");
    }
    return known(d, subject, r);
  }

  /** The declared parcel, not yet delivered or returned, whose latest record is not after this one. */
  private static Parcel known(Overlay<String, Parcel> d, String subject, ParsedRecord r) {
    Parcel p = d.get(subject);
    if (p == null) {
      throw violated("parcel.declared-first: parcel " + subject + " is not declared; " + r.kind() + " follows a declaration");
    }
    Parcel.Stage last = p.last();
    if (last.stage().equals("Delivered") || last.stage().equals("Returned")) {
      throw violated("parcel.final: parcel " + subject + " is already " + last.status() + "; nothing follows");
    }
    if (r.eventTimeUnixMillis() < last.time()) {
      throw violated("parcel.time-order: " + r.kind() + " of parcel " + subject + " at "
          + Instant.ofEpochMilli(r.eventTimeUnixMillis()) + " is before its " + last.stage() + " at "
          + Instant.ofEpochMilli(last.time()));
    }
    return p;
  }

  private static void once(Parcel p, String stage) {
    if (p.has(stage)) {
      throw violated("parcel.stage-once: parcel " + p.subject() + " already has its " + stage + " record");
    }
  }

  private static void beforeRelease(Parcel p, ParsedRecord r) {
    if (p.has("Released")) {
      throw violated("parcel.before-release: parcel " + p.subject() + " is already released; " + r.kind()
          + " comes before release");
    }
  }

  private boolean hasRole(String org, Role role) {
    return registry.org(org).map(o -> o.hasRole(role)).orElse(false);
  }

  private static <E extends Enum<E>> void set(String field, E got, E unspecified, E unrecognized) {
    if (got == unspecified || got == unrecognized) {
      throw Fields.invalid(field, got.name(), "one of the values " + field + " defines other than " + unspecified.name());
    }
  }

  private static Parcel.Stage stage(ParsedRecord r, String detail) {
    return new Parcel.Stage(ParcelKinds.stage(r.kind()), r.eventTimeUnixMillis(), r.authorOrg(), detail, r.bodyHash());
  }

  private static <T extends Message> T content(ParsedRecord r, Parser<T> parser, Descriptor descriptor) {
    return ProtoContent.parse(r, parser, descriptor);
  }

  private static LedgerException violated(String message) {
    return new LedgerException(LedgerError.RULE_VIOLATED, message);
  }
}
