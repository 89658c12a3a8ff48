package org.baytrace.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.baytrace.api.ledger.v1.ConsistencyProof;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "consistency", mixinStandardHelpOptions = true,
    description = "Prints the RFC 9162 consistency proof between two tree sizes as JSON"
        + " ({\"fromSize\":N,\"toSize\":M,\"consistencyProof\":[base64...]}).")
final class ConsistencyCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Parameters(index = "0", paramLabel = "FROM", description = "Earlier tree size.")
  long from;

  @Parameters(index = "1", paramLabel = "TO", description = "Later tree size.")
  long to;

  @Override
  public Integer call() {
    ManagedChannel ch = target.channel();
    try {
      ConsistencyProof p = target.blocking(ch).getConsistencyProof(
          GetConsistencyProofRequest.newBuilder().setFromSize(from).setToSize(to).build());
      ObjectNode json = new ObjectMapper().createObjectNode().put("fromSize", p.getFromSize()).put("toSize", p.getToSize());
      var arr = json.putArray("consistencyProof");
      p.getProofList().forEach(h -> arr.add(Base64.getEncoder().encodeToString(h.toByteArray())));
      System.out.println(json);
      return BayTrace.OK;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } finally {
      TargetOption.close(ch);
    }
  }
}
