package org.baytrace.tracking.node.multimodal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.domain.multimodal.ModeHandOver;
import org.baytrace.tracking.domain.multimodal.MultimodalState;
import org.baytrace.tracking.domain.multimodal.TransportModes;
import org.baytrace.tracking.node.resolver.JourneyLegs;

/**
 * The consumer page's hand-overs: every change of transport mode recorded for the code itself, for
 * its lot (an item's), and for every container or logistic unit the code's events say it was
 * packed in; one leg per record. Reads the committed state only; thread-safe as {@link
 * MultimodalState} is.
 */
final class MultimodalJourneyLegs implements JourneyLegs {
  private final MultimodalState state;

  MultimodalJourneyLegs(MultimodalState state) {
    this.state = state;
  }

  @Override
  public List<Leg> legs(TraceCode code, Set<String> containers) {
    return legs(code, containers, Set.of());
  }

  @Override
  public List<Leg> legs(TraceCode code, Set<String> containers, Set<String> parents) {
    // subject → the container it is (for the leg), or null
    Map<String, String> subjects = new LinkedHashMap<>();
    subjects.put(code.toDigitalLink(), null);
    if (code instanceof TraceCode.Sgtin item && item.lot() != null) {
      subjects.put(new TraceCode.Lgtin(item.gtin(), item.lot()).toDigitalLink(), null);
    }
    for (String c : containers) {
      subjects.put(ContainerNumber.URN_PREFIX + c, c);
    }
    for (String p : parents) {
      if (p.startsWith(ContainerNumber.URN_PREFIX)) {
        subjects.putIfAbsent(p, p.substring(ContainerNumber.URN_PREFIX.length()));
      } else {
        try {
          subjects.putIfAbsent(TraceCode.parse(p).toDigitalLink(), null);
        } catch (InvalidTraceCodeException e) {
          // a parent that is no GS1 key has no hand-overs
        }
      }
    }
    List<Leg> out = new ArrayList<>();
    for (Map.Entry<String, String> s : subjects.entrySet()) {
      for (ModeHandOver h : state.handOvers(s.getKey())) {
        OptionalLong index = state.indexOf(h.record());
        if (index.isPresent()) {
          out.add(new Leg(index.getAsLong(), Instant.ofEpochMilli(h.time()), "multimodal.HandOver",
              TransportModes.word(h.toMode()), null, null, null, s.getValue(), null,
              new HandOver(TransportModes.word(h.fromMode()), TransportModes.word(h.toMode()), h.place(), h.fromParty(),
                  h.toParty(), means(h.fromMeans()), means(h.toMeans()))));
        }
      }
    }
    return out;
  }

  private static Means means(ModeHandOver.Means m) {
    TransportDocumentType type = m.documentType();
    return new Means(m.reference(), m.name(), type == null ? null : type.name(), m.documentNumber());
  }
}
