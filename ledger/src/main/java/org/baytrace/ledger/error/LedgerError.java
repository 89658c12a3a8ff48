package org.baytrace.ledger.error;

/**
 * The one table of domain errors: each with the canonical gRPC status code (as its number, so
 * that this library does not depend on gRPC) and the HTTP status. The gRPC interceptor and the
 * REST exception mappers both read this table; the name is the ErrorInfo reason clients see.
 */
public enum LedgerError {
  MALFORMED_RECORD(Code.INVALID_ARGUMENT, 400),
  RECORD_TOO_LARGE(Code.RESOURCE_EXHAUSTED, 413),
  /** More records in one append message than a node takes at once. */
  BATCH_TOO_LARGE(Code.RESOURCE_EXHAUSTED, 413),
  WRONG_ORIGIN(Code.INVALID_ARGUMENT, 400),
  INVALID_FIELD(Code.INVALID_ARGUMENT, 400),
  UNSIGNED(Code.INVALID_ARGUMENT, 400),
  SIGNATURE_INVALID(Code.INVALID_ARGUMENT, 400),
  UNKNOWN_KEY(Code.PERMISSION_DENIED, 403),
  NOT_AUTHORISED(Code.PERMISSION_DENIED, 403),
  /** A record breaks a rule that depends on the log's state (capacity, custody); see ApplyRule. */
  RULE_VIOLATED(Code.FAILED_PRECONDITION, 409),
  INDEX_OUT_OF_RANGE(Code.NOT_FOUND, 404),
  TREE_SIZE_OUT_OF_RANGE(Code.NOT_FOUND, 404),
  INVALID_ARGUMENT(Code.INVALID_ARGUMENT, 400),
  NOT_FOUND(Code.NOT_FOUND, 404),
  TOO_MANY_REQUESTS(Code.RESOURCE_EXHAUSTED, 429),
  CHECKPOINT_CONFLICT(Code.FAILED_PRECONDITION, 409),
  /** A stored value failed its checksum or its hash: the store serves nothing built on it. */
  STORE_CORRUPT(Code.DATA_LOSS, 500),
  /**
   * The store does not extend the newest checkpoint this node signed (its signed-checkpoint
   * file): serving it would contradict that checkpoint, so the node does not start on it.
   */
  SIGNED_CHECKPOINT_NOT_EXTENDED(Code.DATA_LOSS, 500),
  STORE_IO(Code.UNAVAILABLE, 503),
  /**
   * Another process (another node, or a command such as fsck) has the data directory open: the
   * store is whole, it only cannot be used until that process ends.
   */
  STORE_LOCKED(Code.UNAVAILABLE, 503),
  /** The store is of the previous format: {@code baytrace migrate} converts it. */
  STORE_FORMAT_OLD(Code.FAILED_PRECONDITION, 503),
  /** A re-seeded member has not yet copied the history it signed before; it serves no checkpoint until then. */
  CATCHING_UP(Code.UNAVAILABLE, 503),
  /**
   * The node's data directory was restored from a backup and the operator has not yet confirmed
   * the newest checkpoint it published: it appends nothing, so that it signs no second history.
   */
  RESTORED_FROM_BACKUP(Code.FAILED_PRECONDITION, 409),
  CLOSED(Code.UNAVAILABLE, 503),
  /**
   * A member's founding registry (its configuration) differs from the one the ledger adopted:
   * it judges records by other rules than the group, so it does not start.
   */
  REGISTRY_MISMATCH(Code.FAILED_PRECONDITION, 409),
  /**
   * The ledger does not hold its genesis entry (index 0, the founding registry) yet: nothing else
   * is appended before it. The node appends it at start; a client retries.
   */
  GENESIS_PENDING(Code.UNAVAILABLE, 503);

  /** Canonical status codes (google.rpc.Code numbers) used above. */
  public static final class Code {
    public static final int INVALID_ARGUMENT = 3;
    public static final int NOT_FOUND = 5;
    public static final int PERMISSION_DENIED = 7;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int FAILED_PRECONDITION = 9;
    public static final int UNAVAILABLE = 14;
    public static final int DATA_LOSS = 15;

    private Code() {}
  }

  private final int grpcCode;
  private final int httpStatus;

  LedgerError(int grpcCode, int httpStatus) {
    this.grpcCode = grpcCode;
    this.httpStatus = httpStatus;
  }

  /** The google.rpc.Code number. */
  public int grpcCode() {
    return grpcCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Creates the exception for this error. */
  public LedgerException exception(String message) {
    return new LedgerException(this, message);
  }
}
