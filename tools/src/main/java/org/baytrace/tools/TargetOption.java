package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.tls.CaTrust;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import picocli.CommandLine.Option;

/** The node a client command talks to, and how (plaintext, or TLS with a CA and optionally a client certificate). */
final class TargetOption {
  @Option(names = {"-t", "--target"}, defaultValue = "${env:BAYTRACE_TARGET:-127.0.0.1:50051}", paramLabel = "HOST:PORT",
      description = "gRPC address of the node (default: $BAYTRACE_TARGET, else 127.0.0.1:50051).")
  String target;

  @Option(names = "--tls-ca", defaultValue = "${env:BAYTRACE_TLS_CA}", paramLabel = "FILE",
      description = "Connect over TLS, trusting the node's certificate if this CA (PEM) issued it"
          + " (default: $BAYTRACE_TLS_CA; without either, plaintext).")
  Path tlsCa;

  @Option(names = "--tls-cert", defaultValue = "${env:BAYTRACE_TLS_CERT}", paramLabel = "FILE",
      description = "Client certificate (PEM) to present, for nodes that authenticate clients (default: $BAYTRACE_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:BAYTRACE_TLS_KEY}", paramLabel = "FILE",
      description = "Private key (PEM) of --tls-cert (default: $BAYTRACE_TLS_KEY).")
  Path tlsKey;

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
    NettyChannelBuilder b = NettyChannelBuilder.forAddress(target.substring(0, colon), port).maxInboundMessageSize(64 << 20);
    tlsCa = unsetIfEmpty(tlsCa); // an exported but empty BAYTRACE_TLS_CA means none
    tlsCert = unsetIfEmpty(tlsCert);
    tlsKey = unsetIfEmpty(tlsKey);
    if (tlsCa == null) {
      if (tlsCert != null) {
        throw new CliException(BayTrace.USAGE, "--tls-cert: given without --tls-ca; want --tls-ca FILE (the CA of the node's certificate) too");
      }
      return b.usePlaintext().build();
    }
    return b.sslContext(sslContext()).build();
  }

  private static Path unsetIfEmpty(Path p) {
    return p == null || p.toString().isEmpty() ? null : p;
  }

  private SslContext sslContext() {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(CaTrust.of(Pem.readCertificates(tlsCa)));
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new CliException(BayTrace.USAGE, "--tls-cert and --tls-key: got one, want both or neither");
      }
      if (tlsCert != null) {
        ssl.keyManager(TlsIdentity.load(tlsCert, tlsKey).keyManager());
      }
      return ssl.build();
    } catch (NoSuchFileException e) {
      throw new CliException(BayTrace.IO_ERROR, e.getFile() + ": no such file");
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(BayTrace.IO_ERROR, "TLS: " + e.getMessage());
    }
  }

  LedgerServiceGrpc.LedgerServiceBlockingStub blocking(ManagedChannel ch) {
    return LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Turns a gRPC failure into a message that says what to do. */
  CliException failure(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> new CliException(BayTrace.IO_ERROR, "cannot reach a node at " + target
          + " (" + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription())
          + (e.getCause() != null && e.getCause().getMessage() != null ? "; " + e.getCause().getMessage() : "")
          + "); start one with 'baytrace node' or pass --target HOST:PORT"
          + (tlsCa == null ? " (and --tls-ca FILE if it serves TLS)" : ""));
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
