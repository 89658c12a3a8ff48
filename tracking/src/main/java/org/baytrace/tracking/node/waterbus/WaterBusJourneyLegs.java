package org.baytrace.tracking.node.waterbus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.domain.waterbus.BargeVoyage;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.baytrace.tracking.node.resolver.JourneyLegs;

/**
 * The consumer page's water-bus legs: for each container the goods travelled in, every load onto
 * and discharge from a barge on the ledger, with the voyage, the barge and the port. Reads the
 * committed state only; thread-safe as {@link WaterBusState} is.
 */
final class WaterBusJourneyLegs implements JourneyLegs {
  private final WaterBusState state;

  WaterBusJourneyLegs(WaterBusState state) {
    this.state = state;
  }

  @Override
  public List<Leg> legs(TraceCode code, Set<String> containers) {
    List<Leg> out = new ArrayList<>();
    for (String container : containers) {
      for (BargeVoyage v : state.voyagesOf(container)) {
        for (BargeVoyage.EquipmentEvent e : v.equipmentEvents()) {
          if (!e.container().equals(container) || !(e.type().equals("LOAD") || e.type().equals("DISC"))) {
            continue;
          }
          OptionalLong index = state.indexOf(e.record());
          if (index.isPresent()) {
            out.add(new Leg(index.getAsLong(), Instant.ofEpochMilli(e.time()), "waterbus." + e.type(), "water",
                v.calls().get(e.call()).port(), v.number(), v.bargeName(), container, null));
          }
        }
      }
    }
    return out;
  }
}
