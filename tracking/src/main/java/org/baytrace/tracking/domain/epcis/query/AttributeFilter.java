package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * A master data attribute parameter (EPCIS 2.0 §8.2.7.1), answered from the master data
 * projection ({@link MasterData}):
 * <ul>
 *   <li>{@code HASATTR_{field}=a1|a2}: the event's {@code field} names a vocabulary element with
 *       master data that has one of the attributes (non-null);
 *   <li>{@code EQATTR_{field}_{attr}=v1|v2}: ... whose attribute {@code attr} has one of the
 *       values (a text, the {@code @value} of a language-tagged text, or a number as written).
 * </ul>
 * Attribute names compare in {@link org.baytrace.tracking.domain.epcis.masterdata.AttributeIds
 * normal form} ({@code cbvmda:name}, {@code urn:epcglobal:cbv:mda:name} and {@code
 * urn:epcglobal:cbv:mda#name} are one attribute). Fields: {@code readPoint}, {@code bizLocation}
 * (Location vocabulary) and {@code epcClass}: the class of every object the event names, i.e.
 * the {@code epcClass} of its quantity lists and the product class (and lot) of each GTIN-based
 * EPC, so that {@code EQATTR_epcClass_gs1:brandName=...} finds the events of a brand's products.
 * Immutable.
 *
 * @param attribute the attribute of {@code EQATTR_}, or null for {@code HASATTR_}
 * @param values attribute names ({@code HASATTR_}) or wanted values ({@code EQATTR_})
 */
record AttributeFilter(String parameter, String field, String attribute, Set<String> values) {
  static final List<String> FIELDS = List.of("readPoint", "bizLocation", "epcClass");

  /** Master data by canonical element id. */
  @FunctionalInterface
  interface Lookup {
    Optional<VocabularyElement> get(String canonicalId);
  }

  boolean test(EventFacts f, JsonNode event, Lookup masterData) {
    for (String id : ids(f)) {
      Optional<VocabularyElement> e = masterData.get(id);
      if (e.isPresent() && matches(e.get())) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(VocabularyElement e) {
    if (attribute == null) {
      for (String a : values) {
        if (e.has(a)) {
          return true;
        }
      }
      return false;
    }
    return e.hasValue(attribute, values);
  }

  /** The canonical ids the field names in this event. */
  private Set<String> ids(EventFacts f) {
    Set<String> out = new LinkedHashSet<>();
    switch (field) {
      case "readPoint" -> {
        if (f.readPoint() != null) {
          out.add(f.readPoint());
        }
      }
      case "bizLocation" -> {
        if (f.bizLocation() != null) {
          out.add(f.bizLocation());
        }
      }
      default -> {
        for (String c : f.anyClasses()) {
          out.add(c);
          addClasses(c, out);
        }
        for (String epc : f.anyEpcs()) {
          addClasses(epc, out);
        }
      }
    }
    return out;
  }

  /** The lot and product class of a GTIN-based id (canonical Digital Links). */
  private static void addClasses(String id, Set<String> out) {
    TraceCode code;
    try {
      code = TraceCode.parse(id);
    } catch (InvalidTraceCodeException e) {
      return; // not a GS1 key: no class
    }
    if (code instanceof TraceCode.Sgtin s) {
      if (s.lot() != null) {
        out.add(new TraceCode.Lgtin(s.gtin(), s.lot()).toDigitalLink());
      }
      out.add(new TraceCode.ProductClass(s.gtin()).toDigitalLink());
    } else if (code instanceof TraceCode.Lgtin l) {
      out.add(new TraceCode.ProductClass(l.gtin()).toDigitalLink());
    }
  }
}
