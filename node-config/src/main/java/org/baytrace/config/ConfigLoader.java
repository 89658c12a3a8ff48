package org.baytrace.config;

import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.PolicyRule;
import org.baytrace.ledger.registry.PolicyTable;
import org.baytrace.ledger.registry.OrgRegistry;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlStreamReadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.baytrace.config.NodeConfig.IntRange;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.tls.Fingerprint;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;

/**
 * Reads a node file: TOML parsed into a tree, then every table and key checked by hand against
 * {@link #SCHEMA}, so that each message names the key. Rules on values live in the types they
 * build ({@link NodeConfig}, {@link OrgRegistry}, {@link Peer}, {@link HostPort}); this class
 * maps their {@link InvalidValue}s onto the file's keys. Stateless; one instance per load.
 */
final class ConfigLoader {
  /** Largest node file read; a registry of a few hundred orgs fits easily. */
  static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

  /** Every table (by its path without indexes) and its keys, in the order the README lists them. */
  static final Map<String, List<String>> SCHEMA = schema();

  private static Map<String, List<String>> schema() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("", List.of("node", "ledger", "grpc", "http", "raft", "limits", "sequencer", "storage", "capture", "coldchain", "resolver", "orgs",
        "policy", "peers", "witnesses", "admin", "log", "subscriptions", "governance"));
    m.put("node", List.of("name", "data_dir", "key_file"));
    m.put("ledger", List.of("origin"));
    m.put("grpc", List.of("listen", "tls", "allow_plaintext"));
    m.put("grpc.tls", List.of("cert_file", "key_file", "client_ca_file", "client_auth"));
    m.put("http", List.of("listen", "tls", "allow_plaintext", "tokens", "client_certificates", "max_body_bytes", "body_timeout_ms",
        "idle_timeout_s", "worker_threads"));
    m.put("http.tls", List.of("cert_file", "key_file", "client_ca_file", "client_auth"));
    m.put("http.tokens", List.of("org", "sha256"));
    m.put("http.client_certificates", List.of("org", "sha256", "subject"));
    m.put("raft", List.of("tls", "allow_plaintext", "max_clock_skew_ms"));
    m.put("raft.tls", List.of("cert_file", "key_file", "ca_file"));
    m.put("limits", List.of("max_record_bytes", "max_in_flight_per_stream", "event_time_not_before",
        "event_time_max_ahead_seconds", "max_request_memory_bytes", "writes_per_minute_per_org", "write_burst_per_org"));
    m.put("sequencer", List.of("batch_max_records", "batch_max_delay_ms", "verify_threads"));
    m.put("storage", List.of("verify_on_start", "scrub_every_hours"));
    m.put("admin", List.of("listen", "tls"));
    m.put("admin.tls", List.of("cert_file", "key_file", "client_ca_file", "client_auth"));
    m.put("log", List.of("format"));
    m.put("capture", List.of("org", "key_file", "hash_id_mismatch"));
    m.put("coldchain", List.of("profiles_file"));
    m.put("resolver", List.of("base_url"));
    m.put("orgs", List.of("id", "name", "roles", "keys", "gs1_company_prefixes", "aeo_status", "signs_for"));
    m.put("orgs.keys", List.of("public_key", "public_key_file", "not_before", "not_after"));
    m.put("policy", List.of("name", "kinds", "roles", "subjects", "co_signers", "others_goods"));
    m.put("policy.co_signers", List.of("roles", "min_orgs"));
    m.put("peers", List.of("id", "grpc", "raft", "verifier_key", "public_key_file", "tls_cert_file", "tls_fingerprint",
        "founding"));
    m.put("witnesses", List.of("name", "key", "url"));
    m.put("subscriptions", List.of("allow_http", "allow_private_addresses", "destinations"));
    m.put("subscriptions.destinations", List.of("org", "prefixes"));
    m.put("governance", List.of("genesis", "threshold", "orgs"));
    return Collections.unmodifiableMap(m);
  }

  private static final TomlMapper MAPPER = new TomlMapper();
  private static final NodeConfig.IntRange GOVERNANCE_THRESHOLD = new NodeConfig.IntRange("governance.threshold", 1, 1000);

  private final Path file;
  private final Path baseDir;

  private ConfigLoader(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().normalize().getParent();
    this.baseDir = parent != null ? parent : file.toAbsolutePath().getRoot();
  }

  static NodeConfig load(Path file) throws ConfigException {
    return new ConfigLoader(file).read();
  }

  private NodeConfig read() throws ConfigException {
    String text = readText();
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (TomlStreamReadException e) {
      throw syntaxError(text, e);
    } catch (IOException e) {
      throw new ConfigException(file, null, "not valid TOML: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = MAPPER.createObjectNode();
    }
    Table root = new Table("", "", (ObjectNode) tree);
    root.checkKeys();

    Table node = root.table("node");
    String name = node.string("name").orElse(NodeConfig.DEFAULT_NODE_NAME);
    Path dataDir = node.path("data_dir").orElse(baseDir.resolve(NodeConfig.DEFAULT_DATA_DIR));
    Path keyFile = node.path("key_file").orElse(dataDir.resolve(NodeConfig.KEY_FILE_NAME));
    String origin = root.table("ledger").string("origin").orElse(NodeConfig.DEFAULT_ORIGIN);
    HostPort grpc = root.table("grpc").hostPort("listen").orElse(NodeConfig.DEFAULT_GRPC_LISTEN);
    HostPort http = root.table("http").hostPort("listen").orElse(NodeConfig.DEFAULT_HTTP_LISTEN);

    Table limits = root.table("limits");
    int maxRecordBytes = limits.integer("max_record_bytes", NodeConfig.MAX_RECORD_BYTES)
        .orElse(NodeConfig.DEFAULT_MAX_RECORD_BYTES);
    int maxInFlight = limits.integer("max_in_flight_per_stream", NodeConfig.MAX_IN_FLIGHT_PER_STREAM)
        .orElse(NodeConfig.DEFAULT_MAX_IN_FLIGHT_PER_STREAM);
    Instant notBefore = limits.instant("event_time_not_before").orElse(EventTimeBounds.DEFAULT_NOT_BEFORE);
    Duration maxAhead = limits.integer("event_time_max_ahead_seconds", EventTimeBounds.MAX_AHEAD_SECONDS)
        .map(Duration::ofSeconds).orElse(EventTimeBounds.DEFAULT_MAX_AHEAD);
    EventTimeBounds eventTimes = new EventTimeBounds(notBefore, maxAhead);
    HttpAccess httpAccess = httpAccess(root.table("http"));

    Table httpTable = root.table("http");
    HttpLimits d = HttpLimits.DEFAULT;
    int maxBody = httpTable.integer("max_body_bytes", HttpLimits.MAX_BODY_BYTES).orElse(d.maxBodyBytes());
    int bodyTimeout = httpTable.integer("body_timeout_ms", HttpLimits.BODY_TIMEOUT_MS).orElse(d.bodyTimeoutMillis());
    int idleTimeout = httpTable.integer("idle_timeout_s", HttpLimits.IDLE_TIMEOUT_S).orElse(d.idleTimeoutSeconds());
    int workers = httpTable.integer("worker_threads", HttpLimits.WORKER_THREADS).orElse(d.workerThreads());
    int requestMemory = limits.integer("max_request_memory_bytes", HttpLimits.MAX_REQUEST_MEMORY_BYTES)
        .orElse(d.maxRequestMemoryBytes());
    int writesPerMinute = limits.integer("writes_per_minute_per_org", HttpLimits.WRITES_PER_MINUTE_PER_ORG)
        .orElse(d.writesPerMinutePerOrg());
    int writeBurst = limits.integer("write_burst_per_org", HttpLimits.WRITE_BURST_PER_ORG).orElse(d.writeBurstPerOrg());
    HttpLimits httpLimits = build("", () -> new HttpLimits(maxBody, bodyTimeout, idleTimeout, workers, requestMemory,
        writesPerMinute, writeBurst));

    Table sequencer = root.table("sequencer");
    int batchMaxRecords = sequencer.integer("batch_max_records", NodeConfig.BATCH_MAX_RECORDS)
        .orElse(NodeConfig.DEFAULT_BATCH_MAX_RECORDS);
    Duration batchMaxDelay = sequencer.integer("batch_max_delay_ms", NodeConfig.BATCH_MAX_DELAY_MS)
        .map(Duration::ofMillis).orElse(NodeConfig.DEFAULT_BATCH_MAX_DELAY);
    int verifyThreads = sequencer.integer("verify_threads", NodeConfig.VERIFY_THREADS)
        .orElseGet(NodeConfig::defaultVerifyThreads);

    // "head": the newest checkpoint and what was appended since the last verified point (start
    // time does not grow with the ledger); "full": every entry at every start.
    boolean verifyAll = root.table("storage").choice("verify_on_start", List.of("full", "head"))
        .map("full"::equals).orElse(false);
    HostPort admin = root.table("admin").hostPort("listen").orElse(OpsSettings.DEFAULT_ADMIN_LISTEN);
    Duration scrubEvery = root.table("storage").integer("scrub_every_hours", OpsSettings.SCRUB_EVERY_HOURS)
        .map(Duration::ofHours).orElse(OpsSettings.DEFAULT_SCRUB_EVERY);
    boolean jsonLogs = root.table("log").choice("format", List.of("text", "json")).map("json"::equals).orElse(false);
    Table adminTable = root.table("admin");
    Optional<ServerTls> adminTls = adminTable.has("tls") ? Optional.of(serverTls(adminTable.table("tls"))) : Optional.empty();
    OpsSettings ops = build("", () -> new OpsSettings(admin, scrubEvery, jsonLogs, adminTls));

    List<Org> orgs = new ArrayList<>();
    for (Table t : root.tables("orgs")) {
      orgs.add(org(t));
    }
    OrgRegistry registry = build("", () -> OrgRegistry.of(orgs));
    if (root.has("policy")) {
      PolicyTable table = policy(root);
      registry = registry.withPolicy(table);
    }

    List<Peer> peers = new ArrayList<>();
    for (Table t : root.tables("peers")) {
      String id = t.required(t.string("id"), "id", "a string: the peer's node.name");
      HostPort address = t.required(t.hostPort("grpc"), "grpc", "the peer's gRPC host:port");
      HostPort raft = t.required(t.hostPort("raft"), "raft", "the host:port of the peer's Raft server");
      NoteVerifier vkey = peerKey(t, id);
      Optional<Fingerprint> pin = peerPin(t);
      boolean founding = t.bool("founding").orElse(true);
      peers.add(build(t.prefix(), () -> new Peer(id, address, raft, vkey, pin, founding)));
    }

    List<WitnessConfig> witnesses = new ArrayList<>();
    for (Table t : root.tables("witnesses")) {
      String wname = t.required(t.string("name"), "name", "the witness's name (its key's name)");
      String rawKey = t.required(t.string("key"), "key", "the witness's cosignature key, name+keyid+base64(0x04||key)");
      String rawUrl = t.required(t.string("url"), "url", "the witness's submission URL prefix");
      witnesses.add(build(t.prefix(), () -> new WitnessConfig(wname, witnessKey(rawKey), java.net.URI.create(rawUrl))));
    }

    Optional<CaptureIdentity> capture = capture(root);
    // Read by tracking's cold-chain profile at start, which reports its own keys' problems.
    Optional<Path> coldChainProfiles = root.table("coldchain").path("profiles_file");

    Transport transport = transport(root);
    Optional<String> resolverBaseUrl = root.table("resolver").string("base_url");

    SubscriptionSettings subscriptions = subscriptions(root.table("subscriptions"));
    Table gov = root.table("governance");
    // The range here is the file's; NodeConfig checks k against the number of governing orgs.
    Optional<Integer> threshold = gov.integer("threshold", GOVERNANCE_THRESHOLD);
    GovernanceSettings governance = new GovernanceSettings(gov.path("genesis"),
        threshold.map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty()), gov.strings("orgs"));

    OrgRegistry orgRegistry = registry;
    return build("", () -> new NodeConfig(name, origin, dataDir, keyFile, grpc, http, maxRecordBytes, maxInFlight,
        batchMaxRecords, batchMaxDelay, verifyThreads, verifyAll, orgRegistry, peers, capture, coldChainProfiles,
        httpAccess, eventTimes, witnesses, transport, resolverBaseUrl, httpLimits, ops, subscriptions, governance));
  }

  /** {@code [subscriptions]}: plain-http and private-address opt-ins, and each org's destination prefixes. */
  private SubscriptionSettings subscriptions(Table t) throws ConfigException {
    boolean allowHttp = t.bool("allow_http").orElse(false);
    boolean allowPrivate = t.bool("allow_private_addresses").orElse(false);
    Map<String, List<java.net.URI>> destinations = new LinkedHashMap<>();
    for (Table d : t.tables("destinations")) {
      String org = d.required(d.string("org"), "org", "the id of the org whose subscriptions may deliver there");
      List<String> raw = d.required(d.strings("prefixes"), "prefixes",
          "the URL prefixes its webhooks may be sent to, e.g. [\"https://hooks.example.com/epcis/\"]");
      List<java.net.URI> prefixes = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        String r = raw.get(i);
        String key = "prefixes[" + i + "]";
        prefixes.add(build(d.prefix(), () -> SubscriptionSettings.prefix(r, allowHttp, key)));
      }
      destinations.merge(org, prefixes, (a, b) -> {
        List<java.net.URI> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
      });
    }
    return build("", () -> new SubscriptionSettings(allowHttp, allowPrivate, destinations));
  }

  /** {@code [http] tokens} and {@code client_certificates}: arrays of inline tables. */
  private HttpAccess httpAccess(Table http) throws ConfigException {
    List<HttpAccess.Token> tokens = new ArrayList<>();
    for (Table t : http.tables("tokens")) {
      String org = t.required(t.string("org"), "org", "the id of the org the token proves");
      String sha = t.required(t.string("sha256"), "sha256", "the token's SHA-256 as baytrace token --org " + org + " prints it");
      tokens.add(build(t.prefix(), () -> new HttpAccess.Token(org, sha)));
    }
    List<HttpAccess.ClientCertificate> certs = new ArrayList<>();
    for (Table t : http.tables("client_certificates")) {
      String org = t.required(t.string("org"), "org", "the id of the org the certificate proves");
      String sha = t.string("sha256").orElse(null);
      String subject = t.string("subject").orElse(null);
      certs.add(build(t.prefix(), () -> new HttpAccess.ClientCertificate(org, sha, subject)));
    }
    return build("", () -> new HttpAccess(tokens, certs));
  }

  private Transport transport(Table root) throws ConfigException {
    Table grpc = root.table("grpc");
    Table http = root.table("http");
    Table raft = root.table("raft");
    Optional<ServerTls> grpcTls = grpc.has("tls") ? Optional.of(serverTls(grpc.table("tls"))) : Optional.empty();
    Optional<ServerTls> httpTls = http.has("tls") ? Optional.of(serverTls(http.table("tls"))) : Optional.empty();
    Optional<RaftTls> raftTls = raft.has("tls") ? Optional.of(raftTls(raft.table("tls"))) : Optional.empty();
    Duration skew = raft.integer("max_clock_skew_ms", Transport.MAX_CLOCK_SKEW_MS).map(Duration::ofMillis)
        .orElse(Transport.DEFAULT_MAX_CLOCK_SKEW);
    boolean grpcPlain = grpc.bool("allow_plaintext").orElse(false);
    boolean httpPlain = http.bool("allow_plaintext").orElse(false);
    boolean raftPlain = raft.bool("allow_plaintext").orElse(false);
    return build("", () -> new Transport(grpcTls, grpcPlain, httpTls, httpPlain, raftTls, raftPlain, skew));
  }

  /** {@code [grpc.tls]} / {@code [http.tls]}: certificate and key, optionally the client CA and how strictly to ask. */
  private ServerTls serverTls(Table t) throws ConfigException {
    TlsIdentity identity = identity(t);
    Path certFile = t.path("cert_file").orElseThrow();
    List<X509Certificate> cas = t.has("client_ca_file") ? t.certificates("client_ca_file") : List.of();
    List<String> auths = java.util.Arrays.stream(ServerTls.ClientAuth.values()).map(ServerTls.ClientAuth::tomlName).toList();
    ServerTls.ClientAuth auth = t.choice("client_auth", auths)
        .map(a -> ServerTls.ClientAuth.valueOf(a.toUpperCase(java.util.Locale.ROOT)))
        .orElse(cas.isEmpty() ? ServerTls.ClientAuth.NONE : ServerTls.ClientAuth.OPTIONAL);
    return build(t.prefix(), () -> new ServerTls(identity, certFile, cas, auth));
  }

  /** {@code [raft.tls]}: this member's certificate and key, and the members' CA. */
  private RaftTls raftTls(Table t) throws ConfigException {
    TlsIdentity identity = identity(t);
    Path certFile = t.path("cert_file").orElseThrow();
    List<X509Certificate> ca = t.required(Optional.ofNullable(t.has("ca_file") ? t.certificates("ca_file") : null), "ca_file",
        "the members' CA certificate (PEM) every member certificate is issued by");
    return build(t.prefix(), () -> new RaftTls(identity, certFile, ca));
  }

  private TlsIdentity identity(Table t) throws ConfigException {
    Path cert = t.required(t.path("cert_file"), "cert_file", "the PEM certificate (chain) this listener presents");
    Path key = t.required(t.path("key_file"), "key_file", "the PEM private key of that certificate (ECDSA P-256)");
    List<X509Certificate> chain = t.certificates("cert_file");
    java.security.PrivateKey privateKey;
    try {
      privateKey = Pem.readPrivateKey(key);
    } catch (NoSuchFileException e) {
      throw t.error("key_file", key + ": no such file");
    } catch (IOException e) {
      throw t.error("key_file", e.getMessage());
    }
    try {
      return new TlsIdentity(privateKey, chain);
    } catch (IllegalArgumentException e) {
      throw t.error("key_file", key + ": does not belong to " + cert + " (" + e.getMessage() + ")");
    }
  }

  /** A peer's pinned TLS member certificate: its PEM file or its SHA-256 fingerprint; empty if neither. */
  private Optional<Fingerprint> peerPin(Table t) throws ConfigException {
    if (t.has("tls_cert_file") && t.has("tls_fingerprint")) {
      throw t.error("tls_fingerprint", "got both tls_cert_file and tls_fingerprint, want one of them");
    }
    if (t.has("tls_cert_file")) {
      return Optional.of(Fingerprint.of(t.certificates("tls_cert_file").get(0)));
    }
    Optional<String> fp = t.string("tls_fingerprint");
    if (fp.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Fingerprint.parse(fp.get()));
    } catch (IllegalArgumentException e) {
      throw t.error("tls_fingerprint", e.getMessage());
    }
  }

  /** {@code [capture]}: absent, or both org and key_file; the key file is read here (owner-only PEM). */
  private Optional<CaptureIdentity> capture(Table root) throws ConfigException {
    if (!root.has("capture")) {
      return Optional.empty();
    }
    Table t = root.table("capture");
    String org = t.required(t.string("org"), "org", "the id of the org in [[orgs]] that captured events are recorded as");
    Path keyPath = t.required(t.path("key_file"), "key_file", "the file of that org's private key (PKCS#8 PEM)");
    SigningKey key;
    try {
      key = KeyFiles.loadPrivate(keyPath);
    } catch (NoSuchFileException e) {
      throw t.error("key_file", keyPath + ": no such file");
    } catch (IOException e) {
      throw t.error("key_file", e.getMessage() != null && e.getMessage().contains(keyPath.toString()) ? e.getMessage()
          : keyPath + ": " + e);
    }
    String mismatch = t.string("hash_id_mismatch").orElse("flag");
    if (!mismatch.equals("flag") && !mismatch.equals("refuse")) {
      throw t.error("hash_id_mismatch", "got \"" + mismatch + "\", want \"flag\" or \"refuse\"");
    }
    return Optional.of(new CaptureIdentity(org, keyPath, key, mismatch.equals("refuse")));
  }

  private Org org(Table t) throws ConfigException {
    String id = t.required(t.string("id"), "id", "the org id, e.g. \"acme-foods\"");
    String name = t.string("name").orElse(id);
    List<String> roleNames = t.required(t.strings("roles"), "roles", "a list of roles, e.g. [\"producer\"]");
    Set<Role> roles = roles(t, "roles", roleNames);
    List<Table> keyTables = t.tables("keys");
    if (!t.has("keys")) {
      throw t.error("keys", "missing, want a list of keys, e.g. [ { public_key_file = \"keys/" + id + ".pub\" } ]");
    }
    if (keyTables.isEmpty()) {
      throw t.error("keys", "empty, want at least one key");
    }
    List<OrgKey> keys = new ArrayList<>();
    for (Table k : keyTables) {
      keys.add(orgKey(k));
    }
    List<String> prefixes = t.strings("gs1_company_prefixes").orElse(List.of());
    String aeo = t.string("aeo_status").orElse(null);
    List<String> signsFor = t.strings("signs_for").orElse(List.of());
    return build(t.prefix(), () -> new Org(id, name, roles, keys, prefixes, aeo, signsFor));
  }

  /** A peer's checkpoint key: a verifier key string, or its public key file (the name is the peer id). */
  private NoteVerifier peerKey(Table t, String id) throws ConfigException {
    Optional<JsonNode> inline = t.get("verifier_key");
    Optional<JsonNode> fromFile = t.get("public_key_file");
    if (inline.isPresent() == fromFile.isPresent()) {
      throw new ConfigException(file, t.path, (inline.isPresent() ? "got both verifier_key and public_key_file" : "got neither")
          + ", want exactly one of verifier_key (the peer's checkpoint verifier key name+keyhash+base64)"
          + " or public_key_file (the .pub file of the peer's node key)");
    }
    if (inline.isPresent()) {
      return t.verifierKey("verifier_key").orElseThrow();
    }
    PublicKey key = t.publicKeyFile("public_key_file");
    return new NoteVerifier(id, key);
  }

  /** Role names, each known and listed once; an empty list is left to the value's own check. */
  private static Set<Role> roles(Table t, String k, List<String> names) throws ConfigException {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < names.size(); i++) {
      String r = names.get(i);
      Optional<Role> role = Role.fromTomlName(r);
      if (role.isEmpty()) {
        throw t.error(k + "[" + i + "]", "got " + Toml.quote(r) + ", want one of " + Role.tomlNames()
            + Toml.closest(r, Role.tomlNames()).map(s -> "; did you mean \"" + s + "\"?").orElse(""));
      }
      if (!roles.add(role.get())) {
        throw t.error(k + "[" + i + "]", "\"" + r + "\" is listed twice");
      }
    }
    return roles;
  }

  /** {@code roles = "any"} (every role) or a list of role names. */
  private static Set<Role> policyRoles(Table t, String k) throws ConfigException {
    String want = "\"" + PolicyRule.ANY_ROLE + "\" or a list of roles, e.g. [\"customs\"]";
    Optional<JsonNode> v = t.get(k);
    if (v.isEmpty()) {
      throw t.error(k, "missing, want " + want);
    }
    if (v.get().isTextual()) {
      if (!v.get().textValue().equals(PolicyRule.ANY_ROLE)) {
        throw t.wrongType(k, v.get(), want);
      }
      return EnumSet.allOf(Role.class);
    }
    if (!v.get().isArray()) {
      throw t.wrongType(k, v.get(), want);
    }
    return roles(t, k, t.strings(k).orElseThrow());
  }

  private static org.baytrace.ledger.witness.CosignatureVerifier witnessKey(String raw) {
    try {
      return org.baytrace.ledger.witness.CosignatureVerifier.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidValue("key", e.getMessage());
    }
  }

  /** {@code [[policy]]}: the author policy table, in file order. */
  private PolicyTable policy(Table root) throws ConfigException {
    List<PolicyRule> rules = new ArrayList<>();
    for (Table t : root.tables("policy")) {
      String name = t.string("name").orElse(null);
      List<String> kinds = t.required(t.strings("kinds"), "kinds", "a list of record kinds or globs, e.g. [\"customs.*\"]");
      Set<Role> roles = policyRoles(t, "roles");
      PolicyRule.Subjects subjects = PolicyRule.Subjects.ANY;
      Optional<String> s = t.string("subjects");
      if (s.isPresent()) {
        subjects = PolicyRule.Subjects.fromTomlName(s.get()).orElseThrow(() -> t.error("subjects", "got "
            + Toml.quote(s.get()) + ", want one of " + PolicyRule.Subjects.tomlNames()
            + Toml.closest(s.get(), PolicyRule.Subjects.tomlNames()).map(c -> "; did you mean \"" + c + "\"?").orElse("")));
      }
      PolicyRule.CoSigners co = null;
      if (t.has("co_signers")) {
        Table c = t.table("co_signers");
        List<String> names = c.required(c.strings("roles"), "roles", "the roles every signer's org must have one of, e.g. [\"lab\", \"carrier\"]");
        Set<Role> coRoles = roles(c, "roles", names);
        int minOrgs = c.integer("min_orgs", new IntRange("min_orgs", 1, PolicyRule.CoSigners.MAX_ORGS)).orElse(2);
        co = build(c.prefix(), () -> new PolicyRule.CoSigners(coRoles, minOrgs));
      }
      PolicyRule.Subjects subjectRule = subjects;
      PolicyRule.CoSigners coSigners = co;
      PolicyRule.OthersGoods others = othersGoods(t);
      rules.add(build(t.prefix(), () -> new PolicyRule(name, kinds, roles, subjectRule, coSigners, others)));
    }
    return build("", () -> PolicyTable.of(rules));
  }

  /** {@code others_goods = "none" | "handled" | "any" | ["shipping", ...]}; absent: null (the rule's default). */
  private PolicyRule.OthersGoods othersGoods(Table t) throws ConfigException {
    String want = "one of " + PolicyRule.OthersGoods.Mode.tomlNames() + " or a list of CBV business steps, e.g. [\"shipping\", \"receiving\"]";
    Optional<JsonNode> v = t.get("others_goods");
    if (v.isEmpty()) {
      return null;
    }
    if (v.get().isTextual()) {
      String text = v.get().textValue();
      PolicyRule.OthersGoods.Mode mode = PolicyRule.OthersGoods.Mode.fromTomlName(text)
          .orElseThrow(() -> t.error("others_goods", "got " + Toml.quote(text) + ", want " + want));
      return new PolicyRule.OthersGoods(mode, List.of());
    }
    if (!v.get().isArray()) {
      throw t.wrongType("others_goods", v.get(), want);
    }
    List<String> steps = t.strings("others_goods").orElseThrow();
    return build(t.prefix(), () -> PolicyRule.OthersGoods.steps(steps));
  }

  private OrgKey orgKey(Table k) throws ConfigException {
    Optional<JsonNode> inline = k.get("public_key");
    Optional<JsonNode> fromFile = k.get("public_key_file");
    if (inline.isPresent() == fromFile.isPresent()) {
      throw new ConfigException(file, k.path, (inline.isPresent() ? "got both public_key and public_key_file" : "got neither")
          + ", want exactly one of public_key (base64 of the raw 32-byte Ed25519 key) or public_key_file (PEM)");
    }
    PublicKey key = inline.isPresent() ? k.publicKeyBase64("public_key") : k.publicKeyFile("public_key_file");
    Instant notBefore = k.instant("not_before").orElse(null);
    Instant notAfter = k.instant("not_after").orElse(null);
    return build(k.prefix(), () -> new OrgKey(key, notBefore, notAfter));
  }

  /** Builds a value whose constructor checks rules, reporting a broken rule under {@code prefix}. */
  private <T> T build(String prefix, Supplier<T> constructor) throws ConfigException {
    try {
      return constructor.get();
    } catch (InvalidValue e) {
      throw new ConfigException(file, prefix + e.key(), e.problem(), e);
    }
  }

  private String readText() throws ConfigException {
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException(file, null, "is a directory, want a TOML file");
      }
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigException(file, null, "got " + size + " bytes, want at most " + MAX_FILE_BYTES);
      }
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, null, "no such file (looked for " + file.toAbsolutePath() + ")", e);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, null, "not UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(file, null, "cannot read: " + e, e);
    }
  }

  private ConfigException syntaxError(String text, TomlStreamReadException e) {
    JsonLocation loc = e.getLocation();
    int line = loc == null ? -1 : loc.getLineNr();
    int column = loc == null ? -1 : loc.getColumnNr();
    String what = String.valueOf(e.getOriginalMessage());
    if (what.startsWith("Duplicate key") && column == 1 && line > 1) {
      // The parser notices a duplicate after reading its whole line: point at that line.
      line--;
      column = -1;
    }
    StringBuilder sb = new StringBuilder();
    if (line > 0) {
      sb.append("line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
      sb.append(": ");
    }
    sb.append("not valid TOML: ").append(what);
    String[] lines = text.split("\r?\n", -1);
    if (line > 0 && line <= lines.length && !lines[line - 1].isBlank()) {
      sb.append(" (the line reads ").append(Toml.quote(lines[line - 1].strip())).append(')');
    }
    return new ConfigException(file, null, sb.toString(), e);
  }

  /**
   * Parses a C2SP verifier key {@code name+hex(keyhash)+base64(0x01 || key)}. Splits at the
   * first two '+' only, since the base64 part may itself contain '+'. (Ledger's
   * {@code NoteVerifier.parse} splits at every '+' and so refuses about half of all keys; use it
   * here once that is fixed.)
   */
  static NoteVerifier parseVerifierKey(String vkey) {
    String want = "want name+keyhash+key: the key name, 8 hex digits, and base64(0x01 || 32-byte Ed25519 key)";
    String[] parts = vkey.strip().split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException(want);
    }
    byte[] hash;
    byte[] key;
    try {
      hash = HexFormat.of().parseHex(parts[1]);
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("keyhash is not hex or key is not base64; " + want);
    }
    if (hash.length != 4 || key.length != 1 + PublicKey.LENGTH || key[0] != 0x01) {
      throw new IllegalArgumentException(want);
    }
    NoteVerifier v;
    try {
      v = new NoteVerifier(parts[0], PublicKey.of(Arrays.copyOfRange(key, 1, key.length)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; " + want);
    }
    if (!Arrays.equals(v.keyHash(), hash)) {
      throw new IllegalArgumentException("keyhash " + parts[1] + " does not match the name and key (want "
          + HexFormat.of().formatHex(v.keyHash()) + ")");
    }
    return v;
  }

  /** One TOML table in the file, at {@code path} (e.g. {@code orgs[1].keys[0]}), of schema {@code schema}. */
  private final class Table {
    final String path;
    final String schema;
    final ObjectNode node;

    Table(String path, String schema, ObjectNode node) {
      this.path = path;
      this.schema = schema;
      this.node = node;
    }

    String key(String k) {
      return path.isEmpty() ? k : path + "." + k;
    }

    String prefix() {
      return path.isEmpty() ? "" : path + ".";
    }

    ConfigException error(String k, String problem) {
      return new ConfigException(file, key(k), problem);
    }

    ConfigException wrongType(String k, JsonNode got, String want) {
      return error(k, "got " + Toml.show(got) + ", want " + want);
    }

    boolean has(String k) {
      return node.has(k);
    }

    Optional<JsonNode> get(String k) {
      return Optional.ofNullable(node.get(k));
    }

    <T> T required(Optional<T> value, String k, String want) throws ConfigException {
      if (value.isEmpty()) {
        throw error(k, "missing, want " + want);
      }
      return value.get();
    }

    void checkKeys() throws ConfigException {
      List<String> known = SCHEMA.get(schema);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) {
          throw error(k, unknownKey(k, known));
        }
      }
    }

    private String unknownKey(String k, List<String> known) {
      String where = schema.isEmpty() ? "at the top level" : "in [" + schema + "]";
      Optional<String> near = Toml.closest(k, known);
      if (near.isPresent()) {
        return "unknown key " + where + "; did you mean \"" + near.get() + "\"?";
      }
      // The key may belong to another table: "listen" at the top level means [grpc] or [http].
      List<String> elsewhere = SCHEMA.entrySet().stream()
          .filter(e -> !e.getKey().equals(schema) && !e.getKey().isEmpty())
          .filter(e -> Toml.closest(k, e.getValue()).isPresent())
          .map(e -> Toml.closest(k, e.getValue()).get() + " in [" + e.getKey() + "]")
          .toList();
      if (!elsewhere.isEmpty()) {
        return "unknown key " + where + "; did you mean " + String.join(" or ", elsewhere) + "?";
      }
      return "unknown key " + where + "; known keys: " + String.join(", ", known);
    }

    Table table(String k) throws ConfigException {
      String sub = schema.isEmpty() ? k : schema + "." + k;
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return new Table(key(k), sub, MAPPER.createObjectNode());
      }
      if (!v.get().isObject()) {
        throw wrongType(k, v.get(), "a table [" + key(k) + "]");
      }
      Table t = new Table(key(k), sub, (ObjectNode) v.get());
      t.checkKeys();
      return t;
    }

    /** An array of tables ({@code [[orgs]]} or {@code keys = [ {...}, {...} ]}); empty if absent. */
    List<Table> tables(String k) throws ConfigException {
      String sub = schema.isEmpty() ? k : schema + "." + k;
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return List.of();
      }
      if (!v.get().isArray()) {
        throw wrongType(k, v.get(), "an array of tables" + (schema.isEmpty() ? " [[" + k + "]]" : ""));
      }
      List<Table> out = new ArrayList<>();
      for (int i = 0; i < v.get().size(); i++) {
        JsonNode e = v.get().get(i);
        String at = k + "[" + i + "]";
        if (!e.isObject()) {
          throw wrongType(at, e, "a table");
        }
        Table t = new Table(key(at), sub, (ObjectNode) e);
        t.checkKeys();
        out.add(t);
      }
      return out;
    }

    Optional<String> string(String k) throws ConfigException {
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      if (!v.get().isTextual()) {
        throw wrongType(k, v.get(), "a string");
      }
      return Optional.of(v.get().textValue());
    }

    Optional<List<String>> strings(String k) throws ConfigException {
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      if (!v.get().isArray()) {
        throw wrongType(k, v.get(), "an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < v.get().size(); i++) {
        JsonNode e = v.get().get(i);
        if (!e.isTextual()) {
          throw wrongType(k + "[" + i + "]", e, "a string");
        }
        out.add(e.textValue());
      }
      return Optional.of(out);
    }

    Optional<Integer> integer(String k, IntRange range) throws ConfigException {
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      JsonNode n = v.get();
      if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < range.min() || n.longValue() > range.max()) {
        throw wrongType(k, n, range.want());
      }
      return Optional.of((int) n.longValue());
    }

    Optional<String> choice(String k, List<String> choices) throws ConfigException {
      Optional<String> s = string(k);
      if (s.isPresent() && !choices.contains(s.get())) {
        throw error(k, "got " + Toml.quote(s.get()) + ", want one of " + choices.stream().map(Toml::quote).collect(Collectors.joining(" or ")));
      }
      return s;
    }

    Optional<Boolean> bool(String k) throws ConfigException {
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      if (!v.get().isBoolean()) {
        throw wrongType(k, v.get(), "true or false");
      }
      return Optional.of(v.get().booleanValue());
    }

    /** The certificates of a PEM file named by key {@code k}. */
    List<X509Certificate> certificates(String k) throws ConfigException {
      Path p = path(k).orElseThrow(() -> error(k, "missing, want a PEM certificate file"));
      try {
        return Pem.readCertificates(p);
      } catch (NoSuchFileException e) {
        throw error(k, p + ": no such file");
      } catch (IOException e) {
        throw error(k, e.getMessage());
      }
    }

    Optional<HostPort> hostPort(String k) throws ConfigException {
      Optional<String> s = string(k);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(HostPort.parse(s.get()));
      } catch (IllegalArgumentException e) {
        throw error(k, e.getMessage());
      }
    }

    /** A path, relative to the config file's directory unless absolute. */
    Optional<Path> path(String k) throws ConfigException {
      Optional<String> s = string(k);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      if (s.get().isBlank() || OrgRegistry.hasControl(s.get())) {
        throw error(k, "got " + Toml.quote(s.get()) + ", want a path (relative to " + baseDir + ")");
      }
      try {
        return Optional.of(baseDir.resolve(s.get()).normalize());
      } catch (InvalidPathException e) {
        throw error(k, "got " + Toml.quote(s.get()) + ", not a valid path: " + e.getReason());
      }
    }

    Optional<Instant> instant(String k) throws ConfigException {
      Optional<JsonNode> v = get(k);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      String want = "an RFC 3339 date-time with offset, e.g. 2027-12-31T00:00:00Z or 2027-12-31T08:00:00+08:00";
      if (!v.get().isTextual()) {
        throw wrongType(k, v.get(), want);
      }
      try {
        return Optional.of(OffsetDateTime.parse(v.get().textValue()).toInstant());
      } catch (DateTimeParseException e) {
        throw wrongType(k, v.get(), want);
      }
    }

    PublicKey publicKeyBase64(String k) throws ConfigException {
      String s = string(k).orElseThrow();
      String want = "the base64 of a raw 32-byte Ed25519 public key";
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(s.strip());
      } catch (IllegalArgumentException e) {
        throw error(k, "got " + Toml.quote(s) + ", want " + want);
      }
      if (raw.length != PublicKey.LENGTH) {
        throw error(k, "got " + Toml.quote(s) + " (" + raw.length + " bytes), want " + want);
      }
      try {
        return PublicKey.of(raw);
      } catch (IllegalArgumentException e) {
        throw error(k, "got " + Toml.quote(s) + ", not a valid Ed25519 public key");
      }
    }

    PublicKey publicKeyFile(String k) throws ConfigException {
      Path p = path(k).orElseThrow();
      try {
        return KeyFiles.loadPublic(p);
      } catch (NoSuchFileException e) {
        throw error(k, p + ": no such file");
      } catch (IOException e) {
        throw error(k, e.getMessage() != null && e.getMessage().contains(p.toString()) ? e.getMessage() : p + ": " + e);
      }
    }

    Optional<NoteVerifier> verifierKey(String k) throws ConfigException {
      Optional<String> s = string(k);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(parseVerifierKey(s.get()));
      } catch (IllegalArgumentException e) {
        throw error(k, "got " + Toml.quote(s.get()) + ": " + e.getMessage());
      }
    }
  }
}
