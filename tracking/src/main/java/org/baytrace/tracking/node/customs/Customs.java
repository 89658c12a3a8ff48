package org.baytrace.tracking.node.customs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.customs.Clearance;
import org.baytrace.tracking.domain.customs.ClearanceReport;
import org.baytrace.tracking.domain.customs.ClearanceTimes;
import org.baytrace.tracking.domain.customs.CustomsState;
import org.baytrace.tracking.domain.customs.DeclarationSubject;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;

/**
 * What the customs endpoints answer, over the rule's committed state, the water bus (for
 * arrivals) and the org registry (for AEO status). Thread-safe.
 */
public final class Customs {
  private final CustomsState state;
  private final WaterBusState waterBus;
  private final OrgRegistry registry;

  public Customs(CustomsState state, WaterBusState waterBus, OrgRegistry registry) {
    this.state = state;
    this.waterBus = waterBus;
    this.registry = registry;
  }

  /** Every declaration, briefly. */
  public ArrayNode declarations() {
    ArrayNode out = ReportJson.JSON.createArrayNode();
    for (Clearance c : state.clearances()) {
      ObjectNode n = out.addObject();
      n.put("declaration", c.subject().urn());
      n.put("type", ReportJson.type(c.type()));
      n.put("port", c.port());
      n.put("declarant", c.declarant());
      n.put("lastStage", c.stages().get(c.stages().size() - 1).stage());
      n.put("href", "/v1/customs/declarations/" + c.subject().customsOrg() + "/" + c.subject().number());
    }
    return out;
  }

  public ObjectNode declaration(String office, String number) {
    String urn = DeclarationSubject.PREFIX + office + ":" + number;
    Clearance c = state.clearance(urn).orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND,
        "declaration " + Quoted.of(urn) + " is not on the ledger"));
    return ReportJson.declaration(ClearanceTimes.of(c, waterBus), state, registry);
  }

  /** The report for the query parameters (each may be null). */
  public ClearanceReport.Report report(String port, String type, String period) {
    return ClearanceReport.build(state.clearances(), waterBus, registry, query(port, type, period));
  }

  public ObjectNode reportJson(ClearanceReport.Report r) {
    return ReportJson.report(r, state);
  }

  public String reportCsv(ClearanceReport.Report r) {
    return ReportJson.csv(r);
  }

  public String reportHtml(ClearanceReport.Report r, String rawQuery, Lang lang,
      PageLayout.Frame frame) {
    // the JSON and CSV links carry the same filters, not the page's language
    String q = rawQuery == null ? "" : rawQuery.replaceAll("(^|&)lang=[^&]*", "").replaceFirst("^&", "");
    return ReportPage.html(r, q.isEmpty() ? "" : "?" + q, lang, frame);
  }

  static ClearanceReport.Query query(String port, String type, String period) {
    if (port != null && !port.isEmpty()) {
      try {
        UnLocode.check("port", port);
      } catch (LedgerException e) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, e.getMessage());
      }
    }
    DeclarationType t = null;
    if (type != null && !type.isEmpty()) {
      t = switch (type) {
        case "import" -> DeclarationType.IMPORT;
        case "export" -> DeclarationType.EXPORT;
        default -> throw new LedgerException(LedgerError.INVALID_ARGUMENT, "type: got " + Quoted.of(type)
            + ", want \"import\" or \"export\"");
      };
    }
    ClearanceReport.Period p = ClearanceReport.Period.MONTH;
    if (period != null && !period.isEmpty()) {
      p = switch (period) {
        case "month" -> ClearanceReport.Period.MONTH;
        case "day" -> ClearanceReport.Period.DAY;
        default -> throw new LedgerException(LedgerError.INVALID_ARGUMENT, "period: got " + Quoted.of(period)
            + ", want \"month\" or \"day\"");
      };
    }
    return new ClearanceReport.Query(port == null || port.isEmpty() ? null : port, t, p);
  }
}
