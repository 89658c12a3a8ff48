package org.baytrace.tracking.domain.waterbus;

import java.util.List;
import org.baytrace.ledger.crypto.Hash32;

/** A published water-bus service: its operator, code, name and port rotation. Immutable. */
public record BargeService(String urn, String operator, String code, String name, List<String> rotation, Hash32 record) {
  public BargeService {
    rotation = List.copyOf(rotation);
  }
}
