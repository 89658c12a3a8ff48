package org.baytrace.tracking.node.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * Maps ledger errors to gRPC: the canonical code from the {@link LedgerError} table, the message,
 * and a google.rpc.ErrorInfo detail whose reason is the error's name. Stateless.
 */
public final class GrpcErrors {
  /** ErrorInfo domain of BayTrace errors. */
  public static final String DOMAIN = "baytrace.org";

  private GrpcErrors() {}

  public static com.google.rpc.Status toRpcStatus(LedgerException e) {
    return status(e.error().grpcCode(), e.error().name(), e.getMessage());
  }

  public static com.google.rpc.Status status(int code, String reason, String message) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code)
        .setMessage(message == null ? reason : message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
        .build();
  }

  public static StatusRuntimeException toException(LedgerException e) {
    return StatusProto.toStatusRuntimeException(toRpcStatus(e));
  }

  /** Maps any exception a handler let escape; unexpected ones become INTERNAL with a reason. */
  public static StatusRuntimeException toException(Throwable t) {
    if (t instanceof LedgerException le) {
      return toException(le);
    }
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof IllegalArgumentException) {
      return StatusProto.toStatusRuntimeException(status(Code.INVALID_ARGUMENT_VALUE, LedgerError.INVALID_ARGUMENT.name(), t.getMessage()));
    }
    return StatusProto.toStatusRuntimeException(status(Code.INTERNAL_VALUE, "INTERNAL_ERROR",
        "internal error (" + t.getClass().getSimpleName() + "); the node logged the details"));
  }
}
