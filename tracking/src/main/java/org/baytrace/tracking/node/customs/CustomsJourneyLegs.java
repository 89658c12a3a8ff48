package org.baytrace.tracking.node.customs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.baytrace.tracking.domain.customs.Clearance;
import org.baytrace.tracking.domain.customs.CustomsState;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.resolver.JourneyLegs;

/**
 * The consumer page's customs legs: for each declaration that lists a container the goods
 * travelled in, when it was declared, held for inspection, released and let out of the port, and
 * where. Reads the committed state only; thread-safe as {@link CustomsState} is.
 */
final class CustomsJourneyLegs implements JourneyLegs {
  /** The stages a shopper cares about; documents and duty payments stay in the officers' report. */
  static final Set<String> SHOWN = Set.of("Declaration", "InspectionOrdered", "Release", "Exit");

  private final CustomsState state;

  CustomsJourneyLegs(CustomsState state) {
    this.state = state;
  }

  @Override
  public List<Leg> legs(TraceCode code, Set<String> containers) {
    List<Leg> out = new ArrayList<>();
    if (containers.isEmpty()) {
      return out;
    }
    for (Clearance c : state.clearances()) {
      String container = c.containers().stream().filter(containers::contains).findFirst().orElse(null);
      if (container == null) {
        continue;
      }
      for (Clearance.Stage s : c.stages()) {
        if (!SHOWN.contains(s.stage())) {
          continue;
        }
        OptionalLong index = state.indexOf(s.record());
        if (index.isPresent()) {
          out.add(new Leg(index.getAsLong(), Instant.ofEpochMilli(s.time()), "customs." + s.stage(), null, c.port(),
              null, null, container, c.subject().number()));
        }
      }
    }
    return out;
  }
}
