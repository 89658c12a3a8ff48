package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
    description = "Prints the node's latest checkpoint (a C2SP signed note: origin, tree size, root hash, signatures).")
final class CheckpointCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Override
  public Integer call() {
    ManagedChannel ch = target.channel();
    try {
      System.out.print(target.blocking(ch).getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote());
      return BayTrace.OK;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } finally {
      TargetOption.close(ch);
    }
  }
}
