package org.baytrace.tracking.node.resolver;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;

/**
 * Where the consumer page finds names for codes: the EPCIS master data of vocabulary elements
 * (product classes, lots, locations; captured as ledger records and projected, newest first).
 * Organisation names come from the registry ({@link Resolver#withOrgNames}). Implementations must
 * be thread-safe.
 */
public interface Names {
  /** No names: the page shows codes. */
  Names NONE = of(ids -> Map.of());

  /** The master data of each of these element ids that has any, keyed by the id as given. */
  Map<String, VocabularyElement> masterData(Collection<String> ids);

  static Names of(Function<Collection<String>, Map<String, VocabularyElement>> masterData) {
    Objects.requireNonNull(masterData, "masterData");
    return masterData::apply;
  }
}
