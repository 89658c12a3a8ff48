package org.baytrace.config;

import java.util.List;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;

/**
 * The key-set trust root of the ledger a node configuration describes (the root of a ledger
 * without a genesis entry; one with a genesis has {@code GenesisRoot}, the hash of its entry 0):
 * a single node's own checkpoint key with a threshold of 1, or every
 * member's {@code verifier_key} with a majority of the members, the quorum whose cosigned
 * checkpoint a cluster serves. Stateless; thread-safe.
 */
public final class TrustRoots {
  private TrustRoots() {}

  /**
   * @param config the node's configuration
   * @param nodeKey this node's checkpoint key (used only without {@code [[peers]]})
   */
  public static TrustRoot of(NodeConfig config, NoteVerifier nodeKey) {
    if (config.peers().isEmpty()) {
      return TrustRoot.singleNode(config.origin(), nodeKey);
    }
    List<NoteVerifier> keys = config.peers().stream().map(Peer::verifierKey).toList();
    return new TrustRoot(config.origin(), keys.size() / 2 + 1, keys);
  }
}
