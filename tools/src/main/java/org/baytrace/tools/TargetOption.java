package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import picocli.CommandLine.Option;

/** The node a client command talks to. */
final class TargetOption {
  @Option(names = {"-t", "--target"}, defaultValue = "127.0.0.1:50051", paramLabel = "HOST:PORT",
      description = "gRPC address of the node (default: ${DEFAULT-VALUE}).")
  String target;

  ManagedChannel channel() {
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      throw new CliException(BayTrace.USAGE, "--target: got \"" + target + "\", want host:port");
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new CliException(BayTrace.USAGE, "--target: got \"" + target + "\", want host:port");
    }
    return NettyChannelBuilder.forAddress(target.substring(0, colon), port).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  LedgerServiceGrpc.LedgerServiceBlockingStub blocking(ManagedChannel ch) {
    return LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Turns a gRPC failure into a message that says what to do. */
  CliException failure(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> new CliException(BayTrace.IO_ERROR, "cannot reach a node at " + target
          + " (" + e.getStatus().getCode() + "); start one with 'baytrace node' or pass --target HOST:PORT");
      default -> new CliException(BayTrace.FAILED, e.getStatus().getCode() + ": " + e.getStatus().getDescription());
    };
  }

  static void close(ManagedChannel ch) {
    ch.shutdown();
    try {
      if (!ch.awaitTermination(5, TimeUnit.SECONDS)) {
        ch.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ch.shutdownNow();
    }
  }
}
