package org.baytrace.ledger.verify;

/** Which verification check failed. */
public enum Failure {
  /** Proof, hash or index has the wrong shape for the tree sizes (checked before hashing). */
  PROOF_SHAPE,
  /** Hashing the proof led to a root other than the expected one. */
  ROOT_MISMATCH,
  /** Bytes that should be a protobuf message, signed note or receipt could not be parsed. */
  MALFORMED,
  /** An Ed25519 signature does not verify over the signed bytes. */
  SIGNATURE_INVALID,
  /** A record carries no signature at all. */
  UNSIGNED,
  /** A signature is by a key the verifier does not trust. */
  UNKNOWN_KEY,
  /** Fewer trusted signers than required signed the checkpoint. */
  TOO_FEW_SIGNERS,
  /** The record or checkpoint is for another ledger. */
  ORIGIN_MISMATCH,
  /** The receipt's leaf index disagrees with the index inside the log entry. */
  INDEX_MISMATCH,
  /** A subject's hash chain does not link to the previous entry for that subject. */
  CHAIN_BROKEN
}
