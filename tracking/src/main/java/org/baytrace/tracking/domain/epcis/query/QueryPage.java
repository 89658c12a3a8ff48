package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One page of an EPCIS query's results.
 *
 * @param document the EPCISQueryDocument (a copy is returned each time)
 * @param nextPageToken the {@code nextPageToken} of the next page; null on the last page
 */
public record QueryPage(ObjectNode document, String nextPageToken) {
  public QueryPage {
    document = document.deepCopy();
  }

  @Override
  public ObjectNode document() {
    return document.deepCopy();
  }

  public Optional<String> next() {
    return Optional.ofNullable(nextPageToken);
  }

  /** The document as JSON text. */
  public String documentJson() {
    return document.toString();
  }
}
