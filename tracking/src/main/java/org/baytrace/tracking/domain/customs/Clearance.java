package org.baytrace.tracking.domain.customs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.ledger.crypto.Hash32;

/**
 * One declaration and every customs stage recorded for it so far, in log order. Immutable: a
 * new stage makes a new value ({@link #with}).
 *
 * @param lodged the declaration's event time (its lodgement)
 */
public record Clearance(DeclarationSubject subject, DeclarationType type, List<String> goods, String declarant,
    String port, List<String> containers, String voyage, long lodged, List<Stage> stages) {

  /**
   * A stage record: its stage name ("Declaration", "Release", ...), event time, author, detail
   * for people and the body hash that finds its ledger index.
   */
  public record Stage(String stage, long time, String author, String detail, Hash32 record) {}

  public Clearance {
    goods = List.copyOf(goods);
    containers = List.copyOf(containers);
    stages = List.copyOf(stages);
  }

  Clearance with(Stage s) {
    List<Stage> next = new ArrayList<>(stages);
    next.add(s);
    return new Clearance(subject, type, goods, declarant, port, containers, voyage, lodged, next);
  }

  /** The first record of a stage. */
  public Optional<Stage> first(String stage) {
    return stages.stream().filter(s -> s.stage().equals(stage)).findFirst();
  }

  /** The last record of a stage. */
  public Optional<Stage> last(String stage) {
    Stage found = null;
    for (Stage s : stages) {
      if (s.stage().equals(stage)) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  public boolean has(String stage) {
    return first(stage).isPresent();
  }

  public boolean isImport() {
    return type == DeclarationType.IMPORT;
  }
}
