package org.baytrace.config;

import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.Member;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.record.RecordLimits;

/**
 * A node's configuration: what {@code baytrace node --config FILE} reads (see the module README
 * for the file format), or {@link #defaults()} for an embedded single node with no file.
 *
 * <p>The canonical constructor checks every rule and throws {@link IllegalArgumentException}
 * naming the TOML key ({@code limits.max_record_bytes: got 10, want ...}); {@link #load} reports
 * the same rules as a {@link ConfigException} that also names the file. Paths are absolute
 * after {@link #load} and {@link #defaults()}. Immutable and thread-safe.
 *
 * @param nodeName {@code [node] name}: the name this node signs checkpoints with and its peer id
 * @param origin {@code [ledger] origin}: the checkpoint origin line every record must name
 * @param dataDir {@code [node] data_dir}: where the node keeps its store
 * @param keyFile {@code [node] key_file}: the node's Ed25519 key (PKCS#8 PEM)
 * @param grpcListen {@code [grpc] listen}
 * @param httpListen {@code [http] listen}
 * @param maxRecordBytes {@code [limits] max_record_bytes}: largest SignedRecord accepted
 * @param maxInFlightPerStream {@code [limits] max_in_flight_per_stream}: unacknowledged appends per stream
 * @param batchMaxRecords {@code [sequencer] batch_max_records}
 * @param batchMaxDelay {@code [sequencer] batch_max_delay_ms}
 * @param verifyThreads {@code [sequencer] verify_threads}: threads verifying signatures
 * @param verifyAllOnStart {@code [storage] verify_on_start}: "full" (true: every entry at
 *     every start) or "head" (false, the default: the newest checkpoint and the entries appended since the last
 *     verified point)
 * @param registry {@code [[orgs]]}: the organisation registry (genesis)
 * @param peers {@code [[peers]]}: every member of the cluster including this node; empty for a single node
 * @param capture {@code [capture]}: the org this node records captured EPCIS events as, and its
 *     key; empty if not configured (the embedded node then captures as its own org)
 * @param coldChainProfiles {@code [coldchain] profiles_file}: commodity profiles that replace or add
 *     to the built-in ones (read by the cold-chain profile in tracking); empty for the built-in set
 * @param httpAccess {@code [http] tokens} and {@code client_certificates}: the credentials of HTTP
 *     callers and the org each proves
 * @param eventTimes {@code [limits] event_time_not_before} and {@code event_time_max_ahead_seconds}
 * @param resolverBaseUrl {@code [resolver] base_url}: the scheme and host (and optional path) of the
 *     GS1 Digital Link resolver that QR codes and links on the consumer page name, e.g. {@code
 *     https://trace.example.com}; empty for {@code https://id.gs1.org}, GS1's global resolver (the
 *     GS1 convention: a Digital Link on any domain names the same product, and a brand's own
 *     resolver domain is what its printed codes carry)
 * @param transport {@code [grpc.tls]}, {@code [http.tls]}, {@code [raft]}: TLS of every listener and the
 *     plaintext opt-ins; plaintext beyond loopback is refused unless opted into
 * @param httpLimits {@code [http]} and {@code [limits]}: body size and deadlines, connections,
 *     request memory and per-organisation write rate of the HTTP API
 * @param ops {@code [admin]}, {@code [log]} and the scrub of {@code [storage]}: how the node is operated
 * @param subscriptions {@code [subscriptions]}: where each org's EPCIS query subscriptions may deliver
 * @param governance {@code [governance]}: the genesis file, the governing organisations and the threshold
 */
public record NodeConfig(
    String nodeName,
    String origin,
    Path dataDir,
    Path keyFile,
    HostPort grpcListen,
    HostPort httpListen,
    int maxRecordBytes,
    int maxInFlightPerStream,
    int batchMaxRecords,
    Duration batchMaxDelay,
    int verifyThreads,
    boolean verifyAllOnStart,
    OrgRegistry registry,
    List<Peer> peers,
    Optional<CaptureIdentity> capture,
    Optional<Path> coldChainProfiles,
    HttpAccess httpAccess,
    EventTimeBounds eventTimes,
    List<WitnessConfig> witnesses,
    Transport transport,
    Optional<String> resolverBaseUrl, HttpLimits httpLimits, OpsSettings ops,
    SubscriptionSettings subscriptions, GovernanceSettings governance) {

  /** The org id of the embedded single node's own organisation when the registry lists none. */
  public static final String LOCAL_ORG = "local";

  public static final String DEFAULT_NODE_NAME = "baytrace-local";
  public static final String DEFAULT_ORIGIN = "baytrace.local/ledger";
  public static final String DEFAULT_DATA_DIR = "data";
  public static final String KEY_FILE_NAME = "node.key";
  public static final HostPort DEFAULT_GRPC_LISTEN = new HostPort("127.0.0.1", 50051);
  public static final HostPort DEFAULT_HTTP_LISTEN = new HostPort("127.0.0.1", 8080);
  public static final int DEFAULT_MAX_RECORD_BYTES = RecordLimits.DEFAULT_MAX_RECORD_BYTES;
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_STREAM = 1024;
  public static final int DEFAULT_BATCH_MAX_RECORDS = 1000;
  public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofMillis(5);

  /** An integer setting's key and its inclusive range. */
  record IntRange(String key, long min, long max) {
    String want() {
      return "an integer from " + min + " to " + max;
    }

    void check(long value) {
      if (value < min || value > max) {
        throw new InvalidValue(key, "got " + value + ", want " + want());
      }
    }
  }

  static final IntRange MAX_RECORD_BYTES = new IntRange("limits.max_record_bytes", 256,
      RecordLimits.MAX_LOG_ENTRY_BYTES);
  static final IntRange MAX_IN_FLIGHT_PER_STREAM = new IntRange("limits.max_in_flight_per_stream", 1, 65_536);
  static final IntRange BATCH_MAX_RECORDS = new IntRange("sequencer.batch_max_records", 1, 100_000);
  static final IntRange BATCH_MAX_DELAY_MS = new IntRange("sequencer.batch_max_delay_ms", 0, 10_000);
  static final IntRange VERIFY_THREADS = new IntRange("sequencer.verify_threads", 1, 1024);

  public NodeConfig {
    String problem = keyNameProblem(nodeName);
    if (problem != null) {
      throw new InvalidValue("node.name", problem);
    }
    problem = originProblem(origin);
    if (problem != null) {
      throw new InvalidValue("ledger.origin", problem);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(grpcListen, "grpcListen");
    Objects.requireNonNull(httpListen, "httpListen");
    Objects.requireNonNull(batchMaxDelay, "batchMaxDelay");
    Objects.requireNonNull(registry, "registry");
    MAX_RECORD_BYTES.check(maxRecordBytes);
    MAX_IN_FLIGHT_PER_STREAM.check(maxInFlightPerStream);
    BATCH_MAX_RECORDS.check(batchMaxRecords);
    if (batchMaxDelay.isNegative() || batchMaxDelay.toNanos() % 1_000_000 != 0) {
      throw new InvalidValue(BATCH_MAX_DELAY_MS.key(), "got " + batchMaxDelay + ", want whole milliseconds");
    }
    BATCH_MAX_DELAY_MS.check(batchMaxDelay.toMillis());
    VERIFY_THREADS.check(verifyThreads);
    peers = List.copyOf(peers);
    checkPeers(nodeName, peers);
    capture = capture == null ? Optional.empty() : capture;
    capture.ifPresent(c -> checkCapture(c, registry));
    coldChainProfiles = coldChainProfiles == null ? Optional.empty() : coldChainProfiles;
    httpAccess = httpAccess == null ? HttpAccess.NONE : httpAccess;
    eventTimes = eventTimes == null ? EventTimeBounds.DEFAULT : eventTimes;
    httpAccess.check(registry, LOCAL_ORG);
    if (capture.isPresent()) {
      checkSignsFor(capture.get(), registry, httpAccess);
    }
    witnesses = witnesses == null ? List.of() : List.copyOf(witnesses);
    Objects.requireNonNull(transport, "transport");
    checkTransport(grpcListen, httpListen, peers, nodeName, transport);
    httpLimits = httpLimits == null ? HttpLimits.DEFAULT : httpLimits;
    resolverBaseUrl = resolverBaseUrl == null ? Optional.empty() : resolverBaseUrl;
    resolverBaseUrl.ifPresent(NodeConfig::checkResolverBaseUrl);
    ops = ops == null ? OpsSettings.DEFAULT : ops;
    subscriptions = subscriptions == null ? SubscriptionSettings.NONE : subscriptions;
    subscriptions.check(registry, LOCAL_ORG);
    governance = governance == null ? GovernanceSettings.NONE : governance;
    governance.check(registry);
  }

  /** A configuration without {@code [resolver]}: QR codes and links on {@code https://id.gs1.org}. */
  public NodeConfig(String nodeName, String origin, Path dataDir, Path keyFile, HostPort grpcListen, HostPort httpListen,
      int maxRecordBytes, int maxInFlightPerStream, int batchMaxRecords, Duration batchMaxDelay, int verifyThreads,
      boolean verifyAllOnStart, OrgRegistry registry, List<Peer> peers, Optional<CaptureIdentity> capture,
      Optional<Path> coldChainProfiles, HttpAccess httpAccess, EventTimeBounds eventTimes, List<WitnessConfig> witnesses,
      Transport transport) {
    this(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes, maxInFlightPerStream,
        batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture, coldChainProfiles,
        httpAccess, eventTimes, witnesses, transport, Optional.empty(), HttpLimits.DEFAULT, OpsSettings.DEFAULT, SubscriptionSettings.NONE,
        GovernanceSettings.NONE);
  }

  /** {@code [resolver] base_url}: an absolute http(s) URL with a host, no query or fragment, in ASCII. */
  private static void checkResolverBaseUrl(String url) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidValue("resolver.base_url", "got " + Toml.quote(url) + ", want an http(s) URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new InvalidValue("resolver.base_url", "got " + Toml.quote(url)
          + ", want an ASCII http(s) URL with a host and no query or fragment, e.g. \"https://trace.example.com\"");
    }
  }

  /** A configuration without {@code [http]} credentials or {@code [[witnesses]]}, with the default event time bounds and HTTP limits, with plaintext listeners (allowed on loopback only). */
  public NodeConfig(String nodeName, String origin, Path dataDir, Path keyFile, HostPort grpcListen, HostPort httpListen,
      int maxRecordBytes, int maxInFlightPerStream, int batchMaxRecords, Duration batchMaxDelay, int verifyThreads,
      boolean verifyAllOnStart, OrgRegistry registry, List<Peer> peers, Optional<CaptureIdentity> capture,
      Optional<Path> coldChainProfiles) {
    this(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes, maxInFlightPerStream,
        batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture, coldChainProfiles,
        HttpAccess.NONE, EventTimeBounds.DEFAULT, List.of(), Transport.PLAINTEXT, Optional.empty(), HttpLimits.DEFAULT, OpsSettings.DEFAULT, SubscriptionSettings.NONE,
        GovernanceSettings.NONE);
  }

  /** Every org with an HTTP credential is one the capture org may sign for ({@code signs_for}). */
  private static void checkSignsFor(CaptureIdentity c, OrgRegistry registry, HttpAccess access) {
    OrgRegistry.Org capturer = registry.org(c.org()).orElseThrow();
    List<String> orgs = java.util.stream.Stream.concat(access.tokens().stream().map(HttpAccess.Token::org),
        access.certificates().stream().map(HttpAccess.ClientCertificate::org)).distinct().toList();
    for (String org : orgs) {
      if (!org.equals(c.org()) && !capturer.signsFor(org)) {
        throw new InvalidValue("http", "org \"" + org + "\" has an HTTP credential, but the capture org \"" + c.org()
            + "\" does not sign for it: add \"" + org + "\" (or \"*\") to its signs_for in [[orgs]]");
      }
    }
  }

  /**
   * Plaintext beyond loopback only with {@code allow_plaintext = true}; mutual TLS on the Raft port
   * pins every member's certificate, this node's own included.
   */
  private static void checkTransport(HostPort grpc, HostPort http, List<Peer> peers, String nodeName, Transport t) {
    if (t.grpcTls().isEmpty() && !t.grpcAllowPlaintext() && !Transport.isLoopback(grpc)) {
      throw new InvalidValue("grpc.listen", "got \"" + grpc + "\", not a loopback address, without [grpc.tls]; want [grpc.tls]"
          + " (cert_file, key_file), or allow_plaintext = true in [grpc] to serve plaintext there on purpose");
    }
    if (t.httpTls().isEmpty() && !t.httpAllowPlaintext() && !Transport.isLoopback(http)) {
      throw new InvalidValue("http.listen", "got \"" + http + "\", not a loopback address, without [http.tls]; want [http.tls]"
          + " (cert_file, key_file), or allow_plaintext = true in [http] to serve plaintext there on purpose");
    }
    if (peers.isEmpty()) {
      return;
    }
    if (t.raftTls().isEmpty()) {
      for (int i = 0; i < peers.size(); i++) {
        Peer p = peers.get(i);
        if (p.tlsCertificate().isPresent()) {
          throw new InvalidValue("peers[" + i + "].tls_cert_file", "pins a TLS certificate, but [raft.tls] is missing;"
              + " want [raft.tls] (cert_file, key_file, ca_file) for mutual TLS between members");
        }
        if (p.id().equals(nodeName) && !t.raftAllowPlaintext() && !Transport.isLoopback(p.raft())) {
          throw new InvalidValue("peers[" + i + "].raft", "got \"" + p.raft() + "\", not a loopback address, without [raft.tls];"
              + " want [raft.tls] (mutual TLS between members), or allow_plaintext = true in [raft]");
        }
      }
      return;
    }
    RaftTls tls = t.raftTls().get();
    for (int i = 0; i < peers.size(); i++) {
      Peer p = peers.get(i);
      if (p.tlsCertificate().isEmpty()) {
        throw new InvalidValue("peers[" + i + "]", "no tls_cert_file or tls_fingerprint; with [raft.tls] every member's"
            + " TLS certificate is pinned, want one of them");
      }
      if (p.id().equals(nodeName) && !p.tlsCertificate().get().equals(tls.identity().fingerprint())) {
        throw new InvalidValue("raft.tls.cert_file", tls.certificateFile() + ": certificate " + tls.identity().fingerprint()
            + ", but this node's [[peers]] entry pins " + p.tlsCertificate().get() + "; want the same certificate");
      }
    }
  }

  /** Listeners that serve plaintext beyond loopback because the config opted in: the node warns at start. */
  public List<String> plaintextBeyondLoopback() {
    List<String> out = new java.util.ArrayList<>();
    if (transport.grpcTls().isEmpty() && !Transport.isLoopback(grpcListen)) {
      out.add("gRPC on " + grpcListen);
    }
    if (transport.httpTls().isEmpty() && !Transport.isLoopback(httpListen)) {
      out.add("HTTP on " + httpListen);
    }
    self().filter(p -> transport.raftTls().isEmpty() && !Transport.isLoopback(p.raft()))
        .ifPresent(p -> out.add("Raft on " + p.raft()));
    return out;
  }

  /** A configuration without {@code [coldchain]}. */
  public NodeConfig(String nodeName, String origin, Path dataDir, Path keyFile, HostPort grpcListen, HostPort httpListen,
      int maxRecordBytes, int maxInFlightPerStream, int batchMaxRecords, Duration batchMaxDelay, int verifyThreads,
      boolean verifyAllOnStart, OrgRegistry registry, List<Peer> peers, Optional<CaptureIdentity> capture) {
    this(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes, maxInFlightPerStream,
        batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture, Optional.empty());
  }

  /** A configuration without {@code [capture]}. */
  public NodeConfig(String nodeName, String origin, Path dataDir, Path keyFile, HostPort grpcListen, HostPort httpListen,
      int maxRecordBytes, int maxInFlightPerStream, int batchMaxRecords, Duration batchMaxDelay, int verifyThreads,
      boolean verifyAllOnStart, OrgRegistry registry, List<Peer> peers) {
    this(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes, maxInFlightPerStream,
        batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, Optional.empty());
  }

  /** The capture org must be registered, and the capture key must be one of its keys. */
  private static void checkCapture(CaptureIdentity c, OrgRegistry registry) {
    Optional<OrgRegistry.Org> org = registry.org(c.org());
    if (org.isEmpty()) {
      throw new InvalidValue("capture.org", "got " + Toml.quote(c.org()) + ", want the id of an org in [[orgs]] "
          + registry.orgs().stream().map(OrgRegistry.Org::id).toList()
          + (registry.isEmpty() ? " (with no [[orgs]] the node captures as its own org with its node key: leave [capture] out)" : ""));
    }
    PublicKey key = c.key().publicKey();
    if (org.get().keys().stream().noneMatch(k -> k.key().equals(key))) {
      String owner = registry.orgOfKey(key).map(o -> "; it is registered to org \"" + o.id() + "\"").orElse("; it is not registered");
      throw new InvalidValue("capture.key_file", c.keyFile() + ": holds key " + key.keyId() + ", want one of the keys of org \""
          + c.org() + "\" " + org.get().keys().stream().map(k -> k.key().keyId()).toList() + owner);
    }
  }

  private static void checkPeers(String nodeName, List<Peer> peers) {
    Map<String, Integer> ids = new HashMap<>();
    Map<HostPort, Integer> addresses = new HashMap<>();
    Map<PublicKey, Integer> keys = new HashMap<>();
    for (int i = 0; i < peers.size(); i++) {
      Peer p = peers.get(i);
      Integer first = ids.putIfAbsent(p.id(), i);
      if (first != null) {
        throw new InvalidValue("peers[" + i + "].id", "\"" + p.id() + "\" is already used by peers[" + first + "]");
      }
      first = addresses.putIfAbsent(p.grpc(), i);
      if (first != null) {
        throw new InvalidValue("peers[" + i + "].grpc", "\"" + p.grpc() + "\" is already used by peers[" + first + "]");
      }
      first = addresses.putIfAbsent(p.raft(), i);
      if (first != null) {
        throw new InvalidValue("peers[" + i + "].raft", "\"" + p.raft() + "\" is already used by peers[" + first + "]");
      }
      first = keys.putIfAbsent(p.verifierKey().publicKey(), i);
      if (first != null) {
        throw new InvalidValue("peers[" + i + "].verifier_key", "key " + p.verifierKey().publicKey().keyId()
            + " is already used by peers[" + first + "]; each node signs with its own key");
      }
    }
    if (!peers.isEmpty() && !ids.containsKey(nodeName)) {
      throw new InvalidValue("node.name", "got \"" + nodeName + "\", want one of the peer ids " + ids.keySet().stream().sorted().toList()
          + " (peers lists every member of the cluster, this node included)");
    }
  }

  /**
   * The embedded single node: every setting at its default, paths under the current working
   * directory, an empty registry and no peers.
   */
  public static NodeConfig defaults() {
    Path dataDir = Path.of(DEFAULT_DATA_DIR).toAbsolutePath();
    return new NodeConfig(DEFAULT_NODE_NAME, DEFAULT_ORIGIN, dataDir, dataDir.resolve(KEY_FILE_NAME),
        DEFAULT_GRPC_LISTEN, DEFAULT_HTTP_LISTEN, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_IN_FLIGHT_PER_STREAM,
        DEFAULT_BATCH_MAX_RECORDS, DEFAULT_BATCH_MAX_DELAY, defaultVerifyThreads(), false, OrgRegistry.empty(), List.of());
  }

  static int defaultVerifyThreads() {
    return (int) Math.min(Runtime.getRuntime().availableProcessors(), VERIFY_THREADS.max());
  }

  /**
   * Reads and validates a node file (TOML). Paths in it are relative to the file's directory.
   *
   * @throws ConfigException naming the file, the key and the problem
   */
  public static NodeConfig load(Path file) throws ConfigException {
    return ConfigLoader.load(file);
  }

  /**
   * This configuration with another data directory (relative to the current directory), e.g.
   * from a {@code --data} flag. A key file at its default place ({@code <data_dir>/node.key})
   * moves with it; a key file set explicitly stays.
   */
  public NodeConfig withDataDir(Path dir) {
    Path newDir = dir.toAbsolutePath().normalize();
    Path newKey = keyFile.equals(dataDir.resolve(KEY_FILE_NAME)) ? newDir.resolve(KEY_FILE_NAME) : keyFile;
    return new NodeConfig(nodeName, origin, newDir, newKey, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture, coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  public NodeConfig withGrpcListen(HostPort hp) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, hp, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture, coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  public NodeConfig withHttpListen(HostPort hp) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, hp, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture, coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with other listener and Raft TLS settings. */
  public NodeConfig withTransport(Transport t) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, witnesses, t, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with another registry, e.g. {@code registry().withOrg(ownOrg)}. */
  public NodeConfig withRegistry(OrgRegistry r) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, r, peers, capture, coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with another capture identity (empty: none), checked against the registry. */
  public NodeConfig withCapture(Optional<CaptureIdentity> c) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, c, coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with another commodity profiles file (empty: the built-in profiles only). */
  public NodeConfig withColdChainProfiles(Optional<Path> file) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        file.map(f -> f.toAbsolutePath().normalize()), httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with other HTTP credentials. */
  public NodeConfig withHttpAccess(HttpAccess access) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, access, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with other event time bounds. */
  public NodeConfig withEventTimes(EventTimeBounds bounds) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, bounds, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with another resolver base URL (empty: {@code https://id.gs1.org}). */
  public NodeConfig withResolverBaseUrl(Optional<String> url) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, witnesses, transport, url, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with other HTTP limits. */
  public NodeConfig withHttpLimits(HttpLimits limits) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, limits, ops, subscriptions, governance);
  }

  /** This configuration with other outside witnesses. */
  public NodeConfig withWitnesses(List<WitnessConfig> w) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, w, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance);
  }

  /** This configuration with other operations settings. */
  /** This configuration with other {@code [subscriptions]} settings, checked against the registry. */
  public NodeConfig withSubscriptions(SubscriptionSettings s) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, s, governance);
  }

  public NodeConfig withOps(OpsSettings o) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, o, subscriptions, governance);
  }

  /** This configuration with other {@code [governance]} settings, checked against the registry. */
  public NodeConfig withGovernance(GovernanceSettings g) {
    return new NodeConfig(nodeName, origin, dataDir, keyFile, grpcListen, httpListen, maxRecordBytes,
        maxInFlightPerStream, batchMaxRecords, batchMaxDelay, verifyThreads, verifyAllOnStart, registry, peers, capture,
        coldChainProfiles, httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, g);
  }

  /** This configuration with another admin listen address, e.g. from an {@code --admin} flag. */
  public NodeConfig withAdminListen(HostPort hp) {
    return withOps(ops.withAdminListen(hp));
  }

  /** The ledger's record limits with {@link #maxRecordBytes()}. */
  public RecordLimits recordLimits() {
    return RecordLimits.DEFAULT.withMaxRecordBytes(maxRecordBytes);
  }

  /**
   * The founding registry this configuration describes: the organisations and policy table of
   * {@code orgs} (the file's {@code [[orgs]]} and {@code [[policy]]}, or the embedded node's own
   * org), every founding {@code [[peers]]} entry as a member (name, verifier key, pinned TLS
   * certificate, addresses; not one marked {@code founding = false}), and governance as
   * {@code [governance]} says (by default every organisation governs and a majority of them
   * decides). The ledger's genesis (or the adoption record of an existing ledger) carries it; a
   * member whose founding registry differs from the ledger's does not start.
   */
  public Registry foundingRegistry(OrgRegistry orgs) {
    // A member that joined by a governance record is in the registry from that record on, not in the founding one.
    List<Member> members = peers.stream().filter(Peer::founding).map(p -> new Member(p.id(), p.verifierKey(), p.tlsCertificate(),
        p.grpc().toString(), p.raft().toString(), OrgRegistry.OrgKey.FOUNDING)).toList();
    return new Registry(orgs, members, governance.governance(orgs));
  }

  /** This node's own entry in {@link #peers()} (the one whose id is the node name); empty for a single node. */
  public Optional<Peer> self() {
    return peers.stream().filter(p -> p.id().equals(nodeName)).findFirst();
  }

  /** The other members of the cluster. */
  public List<Peer> otherPeers() {
    return peers.stream().filter(p -> !p.id().equals(nodeName)).toList();
  }

  /** C2SP signed-note key names: non-empty, no whitespace, no '+'. Null if {@code name} is fine. */
  static String keyNameProblem(String name) {
    if (name == null || name.isEmpty() || name.length() > 255
        || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+' || Character.isISOControl(c))) {
      return "got " + Toml.quote(name) + ", want 1 to 255 characters without spaces or '+'";
    }
    return null;
  }

  /** A checkpoint origin line: one line of printable text without surrounding spaces. */
  static String originProblem(String origin) {
    if (origin == null || origin.isEmpty() || origin.length() > 255 || OrgRegistry.hasControl(origin)
        || !origin.strip().equals(origin)) {
      return "got " + Toml.quote(origin)
          + ", want one line of 1 to 255 printable characters without leading or trailing spaces, e.g. \"baytrace.example/gba/ledger-1\"";
    }
    return null;
  }
}
