package org.baytrace.config;

import org.baytrace.config.NodeConfig.IntRange;
import org.baytrace.ledger.registry.InvalidValue;

/**
 * What the HTTP API lets one client hold: how large and how slow a request body may be, how long
 * a connection may sit without completing a request (which bounds slow headers and stalled TLS
 * handshakes too), how many requests are served at once, how much memory request bodies and
 * capture documents in progress may hold together, and how often one organisation may write.
 * Immutable and thread-safe.
 *
 * @param maxBodyBytes {@code [http] max_body_bytes}: the largest request body; larger ones get 413
 * @param bodyTimeoutMillis {@code [http] body_timeout_ms}: time from a request's headers to the
 *     end of its body; a slower upload gets 408 and its connection is closed
 * @param idleTimeoutSeconds {@code [http] idle_timeout_s}: time a connection may go without a
 *     complete request (TLS handshake and headers included) before it is closed
 * @param workerThreads {@code [http] worker_threads}: requests served at once; bodies are
 *     received without holding one
 * @param maxRequestMemoryBytes {@code [limits] max_request_memory_bytes}: memory that request
 *     bodies being received and EPCIS capture documents being processed may hold together; a
 *     request that would go above it gets 503 with {@code Retry-After}
 * @param writesPerMinutePerOrg {@code [limits] writes_per_minute_per_org}: the sustained rate of
 *     write requests (POST, PUT, PATCH, DELETE) one organisation may make; above it 429 with
 *     {@code Retry-After}
 * @param writeBurstPerOrg {@code [limits] write_burst_per_org}: how many writes one organisation
 *     may make at once before the rate applies
 */
public record HttpLimits(
    int maxBodyBytes,
    int bodyTimeoutMillis,
    int idleTimeoutSeconds,
    int workerThreads,
    int maxRequestMemoryBytes,
    int writesPerMinutePerOrg,
    int writeBurstPerOrg) {

  static final IntRange MAX_BODY_BYTES = new IntRange("http.max_body_bytes", 1024, 1 << 30);
  static final IntRange BODY_TIMEOUT_MS = new IntRange("http.body_timeout_ms", 100, 3_600_000);
  static final IntRange IDLE_TIMEOUT_S = new IntRange("http.idle_timeout_s", 1, 3600);
  static final IntRange WORKER_THREADS = new IntRange("http.worker_threads", 2, 1024);
  static final IntRange MAX_REQUEST_MEMORY_BYTES =
      new IntRange("limits.max_request_memory_bytes", 1 << 20, Integer.MAX_VALUE);
  static final IntRange WRITES_PER_MINUTE_PER_ORG = new IntRange("limits.writes_per_minute_per_org", 1, 6_000_000);
  static final IntRange WRITE_BURST_PER_ORG = new IntRange("limits.write_burst_per_org", 1, 1_000_000);

  /**
   * 16 MiB bodies (two 8 MiB capture documents' worth of headroom), 60 s to send one, 30 s idle,
   * 32 threads, 256 MiB for bodies and capture together, 1200 writes a minute with bursts of 200
   * per organisation.
   */
  public static final HttpLimits DEFAULT = new HttpLimits(16 << 20, 60_000, 30, 32, 256 << 20, 1200, 200);

  public HttpLimits {
    MAX_BODY_BYTES.check(maxBodyBytes);
    BODY_TIMEOUT_MS.check(bodyTimeoutMillis);
    IDLE_TIMEOUT_S.check(idleTimeoutSeconds);
    WORKER_THREADS.check(workerThreads);
    MAX_REQUEST_MEMORY_BYTES.check(maxRequestMemoryBytes);
    WRITES_PER_MINUTE_PER_ORG.check(writesPerMinutePerOrg);
    WRITE_BURST_PER_ORG.check(writeBurstPerOrg);
    if (maxBodyBytes > maxRequestMemoryBytes) {
      throw new InvalidValue(MAX_BODY_BYTES.key(), "got " + maxBodyBytes + ", want at most limits.max_request_memory_bytes ("
          + maxRequestMemoryBytes + "): a body that large could never be received");
    }
  }

  public HttpLimits withMaxRequestMemoryBytes(int bytes) {
    return new HttpLimits(maxBodyBytes, bodyTimeoutMillis, idleTimeoutSeconds, workerThreads, bytes,
        writesPerMinutePerOrg, writeBurstPerOrg);
  }

  public HttpLimits withBodyTimeoutMillis(int millis) {
    return new HttpLimits(maxBodyBytes, millis, idleTimeoutSeconds, workerThreads, maxRequestMemoryBytes,
        writesPerMinutePerOrg, writeBurstPerOrg);
  }

  public HttpLimits withWriteRate(int perMinute, int burst) {
    return new HttpLimits(maxBodyBytes, bodyTimeoutMillis, idleTimeoutSeconds, workerThreads, maxRequestMemoryBytes,
        perMinute, burst);
  }
}
