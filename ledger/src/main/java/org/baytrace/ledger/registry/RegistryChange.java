package org.baytrace.ledger.registry;

import java.util.List;

/**
 * One applied governance record: where it is in the log, what it changed, which proposal it
 * carried (its id, hex SHA-256 of the proposal bytes) and which governing organisations signed it.
 */
public record RegistryChange(long index, String kind, String description, String proposalId, List<String> signers) {
  public RegistryChange {
    signers = List.copyOf(signers);
  }
}
