package org.baytrace.ledger;

import java.util.Map;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.AuthorSignature;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * Decides whether a record's signers may author it. Called after the signatures verified.
 * Implementations are thread-safe and deterministic (every node must reach the same verdict).
 */
@FunctionalInterface
public interface AuthorPolicy {
  /**
   * @throws LedgerException UNKNOWN_KEY or NOT_AUTHORISED naming the rule
   */
  void check(ParsedRecord record);

  /** Accepts any correctly signed record; for tests and throwaway ledgers only. */
  static AuthorPolicy anyKey() {
    return record -> {};
  }

  /**
   * Only registered keys may sign, and the first signature must be by a key of the record's
   * {@code author_org}. Keys map to their organisation id.
   */
  static AuthorPolicy registeredKeys(Map<PublicKey, String> orgByKey) {
    Map<PublicKey, String> keys = Map.copyOf(orgByKey);
    return record -> {
      for (AuthorSignature s : record.signatures()) {
        if (!keys.containsKey(s.publicKey())) {
          throw new LedgerException(LedgerError.UNKNOWN_KEY,
              "signature key " + s.keyId() + " is not registered in the organisation registry");
        }
      }
      AuthorSignature first = record.signatures().get(0);
      String org = keys.get(first.publicKey());
      if (!org.equals(record.authorOrg())) {
        throw new LedgerException(LedgerError.NOT_AUTHORISED, "body.author_org: got \"" + record.authorOrg()
            + "\", but the first signature's key " + first.keyId() + " belongs to \"" + org + "\"");
      }
    };
  }
}
