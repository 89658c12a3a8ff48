package org.baytrace.tracking.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.baytrace.api.ledger.v1.ErrorReason;
import org.baytrace.ledger.error.LedgerError;
import org.junit.jupiter.api.Test;

/** Every ErrorInfo reason a node sends is declared, for foreign clients, in errors.proto. */
class ErrorReasonsTest {
  @Test
  void everyLedgerErrorName_isAnErrorReasonInTheProto() {
    Set<String> declared = Arrays.stream(ErrorReason.values()).map(Enum::name).collect(Collectors.toSet());
    for (LedgerError e : LedgerError.values()) {
      assertTrue(declared.contains(e.name()), e.name() + " is sent as an ErrorInfo reason but not in errors.proto");
    }
    for (String other : List.of("QUERY_TOO_LARGE", "INTERNAL_ERROR")) {
      assertTrue(declared.contains(other), other + " missing from errors.proto");
    }
  }

  @Test
  void errorInfo_carriesTheDomainAndReasonTheProtoNames() throws Exception {
    com.google.rpc.Status s = GrpcErrors.status(3, ErrorReason.SIGNATURE_INVALID.name(), "bad signature");
    com.google.rpc.ErrorInfo info = s.getDetails(0).unpack(com.google.rpc.ErrorInfo.class);
    assertEquals("baytrace.org", info.getDomain());
    assertEquals(ErrorReason.SIGNATURE_INVALID, ErrorReason.valueOf(info.getReason()));
  }
}
