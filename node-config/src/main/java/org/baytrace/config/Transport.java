package org.baytrace.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node's listeners are protected: TLS for client gRPC ({@code [grpc.tls]}) and HTTP
 * ({@code [http.tls]}), mutual TLS between members on the Raft port ({@code [raft.tls]}), the
 * explicit opt-ins to plaintext beyond loopback ({@code allow_plaintext} in each table), and how
 * far a batch's record time may be ahead of this member's clock ({@code [raft]
 * max_clock_skew_ms}). Immutable.
 */
public record Transport(Optional<ServerTls> grpcTls, boolean grpcAllowPlaintext, Optional<ServerTls> httpTls,
    boolean httpAllowPlaintext, Optional<RaftTls> raftTls, boolean raftAllowPlaintext, Duration maxClockSkew) {
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(30);
  static final NodeConfig.IntRange MAX_CLOCK_SKEW_MS = new NodeConfig.IntRange("raft.max_clock_skew_ms", 0, 3_600_000);

  /** The embedded default: plaintext, which the node allows on loopback only. */
  public static final Transport PLAINTEXT = new Transport(Optional.empty(), false, Optional.empty(), false,
      Optional.empty(), false, DEFAULT_MAX_CLOCK_SKEW);

  public Transport {
    Objects.requireNonNull(grpcTls, "grpcTls");
    Objects.requireNonNull(httpTls, "httpTls");
    Objects.requireNonNull(raftTls, "raftTls");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    MAX_CLOCK_SKEW_MS.check(maxClockSkew.toMillis());
  }

  /** True if a host is a loopback literal or {@code localhost}: plaintext is allowed there. */
  public static boolean isLoopback(HostPort hp) {
    String h = hp.host().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }
}
