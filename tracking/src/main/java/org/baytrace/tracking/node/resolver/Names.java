package org.baytrace.tracking.node.resolver;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;

/**
 * Where the consumer page finds names for codes: the EPCIS master data of vocabulary elements
 * (product classes, lots, locations; captured as ledger records and projected, newest first) and
 * the registry's organisation names. Implementations must be thread-safe.
 */
public interface Names {
  /** No names: the page shows codes. */
  Names NONE = of(ids -> Map.of(), id -> Optional.empty());

  /** The master data of each of these element ids that has any, keyed by the id as given. */
  Map<String, VocabularyElement> masterData(Collection<String> ids);

  /** The registered name of an organisation. */
  Optional<String> orgName(String orgId);

  static Names of(Function<Collection<String>, Map<String, VocabularyElement>> masterData,
      Function<String, Optional<String>> orgNames) {
    Objects.requireNonNull(masterData, "masterData");
    Objects.requireNonNull(orgNames, "orgNames");
    return new Names() {
      @Override
      public Map<String, VocabularyElement> masterData(Collection<String> ids) {
        return masterData.apply(ids);
      }

      @Override
      public Optional<String> orgName(String orgId) {
        return orgId == null ? Optional.empty() : orgNames.apply(orgId);
      }
    };
  }
}
