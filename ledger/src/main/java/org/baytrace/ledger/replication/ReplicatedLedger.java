package org.baytrace.ledger.replication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.baytrace.api.ledger.v1.CheckpointReply;
import org.baytrace.api.ledger.v1.MemberQuery;
import org.baytrace.api.ledger.v1.RaftLogEndReply;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.sequencer.Sequencer;

/**
 * One node's membership in the Raft group of one ledger: a Ratis server whose state machine
 * applies committed batches to the local {@link Ledger}, and a Ratis client that proposes this
 * node's batches to whichever node leads ({@link #sink()}, for the node's {@link Sequencer}).
 * The group id is derived from the ledger origin, so nodes of one ledger find each other's group
 * and a node cannot be joined to another ledger's group by mistake.
 *
 * <p>Thread-safe.
 */
public final class ReplicatedLedger implements AutoCloseable {
  /** A member of the group: its id (the node name) and the host:port of its Raft server. */
  public record Member(String id, String raftAddress) {
    public Member {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(raftAddress, "raftAddress");
    }
  }

  /**
   * How this node takes part.
   *
   * @param raftDir where the Raft log and metadata live (not inside the ledger's RocksDB)
   * @param self this node's id, one of {@code members}
   * @param members every member of the group, this node included
   * @param electionTimeout the minimum election timeout; the maximum is twice it. Longer than
   *     Ratis's default so that garbage collection pauses on small shared machines do not
   *     trigger elections; a crashed leader is replaced after about this long.
   * @param requestTimeout how long one proposal may take before the client retries it
   * @param snapshotEvery Raft entries between snapshots (applied positions) after which the log
   *     behind them is purged; a member that falls further behind catches up by state transfer
   * @param logSegmentBytes size of a Raft log segment; only whole closed segments are purged
   * @param tls the members' mutual TLS; empty for plaintext Raft (loopback tests and the
   *     explicit plaintext opt-in only)
   * @param maxClockSkew how far ahead of this member's clock a batch's record time may be; a
   *     batch further ahead is refused when applied, so no member can move the ledger's time
   * @param joining this node is not in the group's configuration (a member that a governance
   *     record adds): on its first start its Raft server starts with no configuration and waits,
   *     without ever calling an election, until the leader brings it in; {@code members} then
   *     says only whom to ask
   */
  public record Settings(Path raftDir, String self, List<Member> members, Duration electionTimeout,
      Duration requestTimeout, long snapshotEvery, long logSegmentBytes, Optional<MemberTls> tls, Duration maxClockSkew,
      boolean joining) {
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(30);

    public Settings {
      members = List.copyOf(members);
      Objects.requireNonNull(tls, "tls");
      if (maxClockSkew.isNegative()) {
        throw new IllegalArgumentException("maxClockSkew: got " + maxClockSkew + ", want zero or more");
      }
      if (members.stream().noneMatch(m -> m.id().equals(self))) {
        throw new IllegalArgumentException("self \"" + self + "\" is not one of the members "
            + members.stream().map(Member::id).toList());
      }
    }

    public Settings(Path raftDir, String self, List<Member> members, Duration electionTimeout,
        Duration requestTimeout, long snapshotEvery, long logSegmentBytes) {
      this(raftDir, self, members, electionTimeout, requestTimeout, snapshotEvery, logSegmentBytes, Optional.empty(),
          DEFAULT_MAX_CLOCK_SKEW, false);
    }

    public Settings(Path raftDir, String self, List<Member> members) {
      this(raftDir, self, members, Duration.ofSeconds(1), Duration.ofSeconds(15), 1024, 8L << 20);
    }

    /** These settings with the members' mutual TLS. */
    public Settings withTls(MemberTls memberTls) {
      return new Settings(raftDir, self, members, electionTimeout, requestTimeout, snapshotEvery, logSegmentBytes,
          Optional.of(memberTls), maxClockSkew, joining);
    }

    /** These settings with another record-time skew bound. */
    public Settings withMaxClockSkew(Duration skew) {
      return new Settings(raftDir, self, members, electionTimeout, requestTimeout, snapshotEvery, logSegmentBytes, tls, skew,
          joining);
    }

    /** These settings for a node that is not in the group's configuration yet (see {@code joining}). */
    public Settings asJoining() {
      return new Settings(raftDir, self, members, electionTimeout, requestTimeout, snapshotEvery, logSegmentBytes, tls,
          maxClockSkew, true);
    }
  }

  private static final String LOOPBACK = "127.0.0.1";
  private static final Logger LOG = Logger.getLogger(ReplicatedLedger.class.getName());

  private final Ledger ledger;
  private final RaftGroup group;
  private final RaftPeerId selfId;
  private final RaftServer server;
  private final RaftClient client;
  /** For queries to members (cosigning, lost logs): rebuilt when the members change, so it knows every member's address. */
  private volatile RaftClient queries;
  private RaftGroup queriesGroup; // guarded by this
  private final Parameters parameters;
  private final AtomicLong membershipCallIds = new AtomicLong();
  private final ExecutorService queryThreads = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "baytrace-member-query");
    t.setDaemon(true);
    return t;
  });
  private final InetSocketAddress adminAddress;
  private final Clock clock;
  private final LedgerStateMachine stateMachine;
  private final CheckedRecords checkedHere;

  private final AtomicInteger openGroups; // shared by the groups of one server: the last to close stops it

  /** How often the leader checks its followers for a lost Raft log; two sightings in a row count. */
  private static final long LOST_LOG_CHECK_MS = 2_000;
  private final ScheduledExecutorService lostLogWatch;
  private final Map<String, Integer> lostLogSightings = new HashMap<>(); // lostLogWatch's thread only
  private final AtomicLong adminCallIds = new AtomicLong();
  /** Proposals made on this member's own server while it leads ({@link #proposeHere}). */
  private final ClientId directClientId = ClientId.randomId();
  private final Duration requestTimeout;
  private final AtomicLong directCallIds = new AtomicLong();
  /**
   * {@code -Dbaytrace.raft.proposeThroughClient=true} sends every batch through the Raft client
   * even while this member leads: only to measure what proposing directly saves.
   */
  private static final boolean DIRECT_WHEN_LEADING = !Boolean.getBoolean("baytrace.raft.proposeThroughClient");

  private ReplicatedLedger(Ledger ledger, RaftGroup group, RaftPeerId selfId, RaftServer server, RaftClient client,
      RaftClient queries, LedgerStateMachine stateMachine, CheckedRecords checkedHere, AtomicInteger openGroups,
      InetSocketAddress adminAddress, Parameters parameters, Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
    this.queries = queries;
    this.queriesGroup = group;
    this.parameters = parameters;
    this.adminAddress = adminAddress;
    this.openGroups = openGroups;
    this.stateMachine = stateMachine;
    this.checkedHere = checkedHere;
    this.ledger = ledger;
    this.group = group;
    this.selfId = selfId;
    this.server = server;
    this.client = client;
    this.clock = ledger.config().clock();
    this.lostLogWatch = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baytrace-raft-lost-log-watch");
      t.setDaemon(true);
      return t;
    });
    lostLogWatch.scheduleWithFixedDelay(this::checkFollowersForLostLogs, LOST_LOG_CHECK_MS, LOST_LOG_CHECK_MS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Starts this node's Raft server for the ledger's group and a client to propose through. The
   * server recovers its log from {@code raftDir} if it has one. Returns once the server listens;
   * the first leader is elected a second or two after a majority of members are up.
   *
   * @param verifiers the pool that re-checks records when batches are applied
   */
  public static ReplicatedLedger start(Ledger ledger, Settings settings, ExecutorService verifiers) throws IOException {
    return startGroups(List.of(ledger), settings, verifiers).get(0);
  }

  /**
   * Starts one Raft server hosting one group per ledger (multi-raft: the way a node serves
   * several shards of subjects, each its own ledger and origin, with one port and one process).
   * Every ledger's group has the same members. The server closes when the last group closes.
   */
  public static List<ReplicatedLedger> startGroups(List<Ledger> ledgers, Settings settings, ExecutorService verifiers)
      throws IOException {
    return startGroups(ledgers, settings, verifiers, false);
  }

  /** How long a restored member asks the others before it gives up starting. */
  private static final Duration RESTORED_ASK_WITHIN = Duration.ofSeconds(60);

  /**
   * Starts a member whose ledger was restored from its own backup (see {@link RestoredMember}):
   * before its Raft server runs, it checks with the other members that its store is a prefix of
   * their ledger and learns the term they are in; without Raft storage of its own it starts
   * above that term; its ledger serves no checkpoint until it holds the largest tree they
   * reported. Blocks until enough members answered (up to a minute).
   *
   * @throws LedgerException CHECKPOINT_CONFLICT if the store is not a prefix of the cluster's
   *     ledger (nothing was changed); CATCHING_UP if too few members answered
   */
  public static ReplicatedLedger startRestored(Ledger ledger, Settings settings, ExecutorService verifiers)
      throws IOException {
    return startGroups(List.of(ledger), settings, verifiers, true).get(0);
  }

  private static List<ReplicatedLedger> startGroups(List<Ledger> ledgers, Settings settings, ExecutorService verifiers,
      boolean restored) throws IOException {
    RaftPeerId selfId = RaftPeerId.valueOf(settings.self());
    List<RaftPeer> peers = settings.members().stream()
        .map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.raftAddress()).build()).toList();
    Map<RaftGroupId, LedgerStateMachine> machines = new HashMap<>();
    List<RaftGroup> groups = new ArrayList<>();
    List<CheckedRecords> checked = new ArrayList<>();
    for (Ledger ledger : ledgers) {
      RaftGroup group = RaftGroup.valueOf(groupIdOf(ledger.origin()), peers);
      if (machines.containsKey(group.getGroupId())) {
        throw new IllegalArgumentException("two ledgers with origin " + ledger.origin() + " in one server");
      }
      CheckedRecords c = new CheckedRecords();
      machines.put(group.getGroupId(), new LedgerStateMachine(ledger, verifiers, c, settings.maxClockSkew()));
      groups.add(group);
      checked.add(c);
    }
    RaftPeer self = groups.get(0).getPeer(selfId);
    Parameters parameters = tlsParameters(settings);
    int adminPort = freeLoopbackPort();
    Path groupDir = settings.raftDir().resolve(groups.get(0).getGroupId().getUuid().toString());
    boolean existing = Files.isDirectory(groupDir);
    if (restored) {
      RestoredMember.Found found = RestoredMember.check(ledgers.get(0), groups.get(0), selfId, parameters,
          RESTORED_ASK_WITHIN);
      ledgers.get(0).awaitTree(found.tree()); // before anything from the others is applied
      String raft = "kept its Raft term and vote";
      if (!existing) {
        RestoredMember.formatAfter(groupDir, found.highestTerm(), selfId);
        existing = true;
        raft = "new Raft storage in term " + found.highestTerm() + ", the highest the others are in";
      }
      LOG.info("restored member " + selfId + ": its " + ledgers.get(0).head().size() + " entries are a prefix of "
          + found.member() + "'s " + found.tree().size() + " (" + found.answered() + " members answered); " + raft
          + "; it serves checkpoints once it holds those " + found.tree().size() + " entries");
    }
    // A joining member starts with no configuration: it is not a voter and calls no election; the
    // leader's first entries bring it the configuration that includes it.
    boolean waitForLeader = settings.joining() && !existing;
    RaftServer server = RaftServer.newBuilder()
        .setServerId(selfId)
        .setGroup(waitForLeader ? RaftGroup.valueOf(groups.get(0).getGroupId()) : groups.get(0))
        .setProperties(serverProperties(settings, self.getAddress(), adminPort))
        .setParameters(parameters)
        .setStateMachineRegistry(machines::get)
        // An existing server recovers every group it finds in its storage directory.
        .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
        .build();
    server.start();
    List<ReplicatedLedger> out = new ArrayList<>();
    AtomicInteger open = new AtomicInteger(groups.size());
    try {
      Set<RaftGroupId> hosted = new HashSet<>();
      server.getGroupIds().forEach(hosted::add);
      for (int i = 0; i < groups.size(); i++) {
        RaftGroup group = groups.get(i);
        if (!hosted.contains(group.getGroupId())) {
          RaftGroup hostedGroup = waitForLeader ? RaftGroup.valueOf(group.getGroupId()) : group;
          RaftClientReply added = server.groupManagement(GroupManagementRequest.newAdd(ClientId.randomId(), selfId, i, hostedGroup,
              true));
          if (!added.isSuccess()) {
            throw new IOException("cannot add raft group of " + ledgers.get(i).origin(), added.getException());
          }
        }
        RaftClient client = RaftClient.newBuilder()
            .setProperties(clientProperties(settings))
            .setParameters(parameters) // without it the client speaks plaintext to a TLS port
            .setRaftGroup(group)
            .setClientId(ClientId.randomId())
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                (int) Math.max(10, settings.requestTimeout().toMillis() / 200), TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
            .build();
        // Cosigning queries on a client of their own: a member that is down must not hold
        // proposal slots, and a late answer is simply asked again next round.
        RaftClient queries = queriesClient(parameters, group);
        LedgerStateMachine machine = machines.get(group.getGroupId());
        machine.useClient(client);
        out.add(new ReplicatedLedger(ledgers.get(i), group, selfId, server, client, queries, machine, checked.get(i), open,
            new InetSocketAddress(LOOPBACK, adminPort), parameters, settings.requestTimeout()));
      }
    } catch (IOException | RuntimeException e) {
      for (ReplicatedLedger r : out) {
        r.closeClient();
      }
      server.close();
      throw e;
    }
    return out;
  }

  /**
   * The segments of a member's Raft log under {@code raftDir} (each group's {@code current/log_*}),
   * which re-seeding sets aside; not the term, vote and configuration beside them
   * ({@code raft-meta}, {@code raft-meta.conf}), which a member must never forget.
   */
  public static List<Path> raftLogFiles(Path raftDir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path group : groupDirs(raftDir)) {
      Path current = group.resolve("current");
      if (Files.isDirectory(current)) {
        try (var list = Files.list(current)) {
          list.filter(f -> f.getFileName().toString().startsWith("log_")).sorted().forEach(files::add);
        }
      }
    }
    return files;
  }

  /** The lock file of each group's Raft storage under {@code raftDir}, held while a server runs on it. */
  public static List<Path> storageLockFiles(Path raftDir) throws IOException {
    return groupDirs(raftDir).stream().map(g -> g.resolve("in_use.lock")).toList();
  }

  private static List<Path> groupDirs(Path raftDir) throws IOException {
    if (!Files.isDirectory(raftDir)) {
      return List.of();
    }
    try (var list = Files.list(raftDir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** The Raft group id of a ledger: a name-based UUID of its origin. */
  public static RaftGroupId groupIdOf(String origin) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("baytrace-ledger\n" + origin).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Ratis 3.3 takes TLS only from {@link Parameters} (its RaftProperties TLS keys are not read):
   * the same parameters go to the server builder and to every client, state transfer's included.
   */
  private static Parameters tlsParameters(Settings s) {
    Parameters parameters = new Parameters();
    s.tls().ifPresent(tls -> {
      GrpcTlsConfig members = tls.forMembers();
      GrpcConfigKeys.TLS.setConf(parameters, members);
      GrpcConfigKeys.Server.setTlsConf(parameters, members);
      GrpcConfigKeys.Client.setTlsConf(parameters, members);
      GrpcConfigKeys.Admin.setTlsConf(parameters, tls.forAdmin());
    });
    return parameters;
  }

  private static RaftProperties serverProperties(Settings s, String address, int adminPort) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(s.raftDir().toFile()));
    // Only the configured address: without a host Ratis listens on every interface.
    GrpcConfigKeys.Server.setHost(p, host(address));
    GrpcConfigKeys.Server.setPort(p, port(address));
    // Membership changes, group removal, snapshots and leadership transfer are Ratis's admin
    // service: on a loopback port of its own (a positive port other than the server's, or Ratis
    // puts it on the server port), never reachable from the network. The node changes its
    // configuration in-process, through the RaftServer API.
    GrpcConfigKeys.Admin.setHost(p, LOOPBACK);
    GrpcConfigKeys.Admin.setPort(p, adminPort);
    TimeDuration min = TimeDuration.valueOf(s.electionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, min.multiply(2));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(s.requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
    // The ledger stores its applied position with every entry's effects, so a "snapshot" is
    // just that position, synced, and the log can be purged behind it. A member the purge left
    // behind is not sent files: it is notified and copies the entries it lacks from the
    // leader's ledger (state transfer).
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotEvery());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, s.snapshotEvery()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(s.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(s.logSegmentBytes(), 4L << 20)));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
    return p;
  }

  static RaftClient queriesClient(Parameters parameters, RaftGroup group) {
    return RaftClient.newBuilder()
        .setProperties(queryProperties())
        .setParameters(parameters)
        .setRaftGroup(group)
        .setClientId(ClientId.randomId())
        .setRetryPolicy(RetryPolicies.noRetry())
        .build();
  }

  private static RaftProperties queryProperties() {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    return p;
  }

  private static RaftProperties clientProperties(Settings s) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(s.requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
    // Few large batches in flight, never a thousand small ones (a retry storm otherwise).
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(p, 64);
    return p;
  }

  private static int port(String address) {
    int colon = address.lastIndexOf(':');
    return Integer.parseInt(address.substring(colon + 1));
  }

  private static String host(String address) {
    String h = address.substring(0, address.lastIndexOf(':'));
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  /**
   * The checker for this node's {@link Sequencer}: {@link Ledger#check}, remembering what it
   * accepted so that applying this node's own batches does not verify those signatures again.
   */
  public Sequencer.RecordChecker checker() {
    return checkedHere.remembering(Sequencer.checkerOf(ledger));
  }

  /**
   * The sink for this node's {@link Sequencer}: each batch becomes one Raft entry, proposed
   * through the leader, and completes once a majority committed it and the leader applied it.
   */
  public Sequencer.BatchSink sink() {
    return this::propose;
  }

  private CompletableFuture<List<Ledger.GroupOutcome>> propose(List<List<ParsedRecord>> groups) {
    byte[] batch = BatchCodec.encodeBatch(groups, clock.millis());
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(batch));
    if (DIRECT_WHEN_LEADING && leadsReady()) {
      return proposeHere(message).handle((reply, error) -> outcomes(reply, error, groups.size()));
    }
    return client.async().send(message).handle((reply, error) -> outcomes(reply, error, groups.size()));
  }

  /**
   * Proposes on this member's own server, which leads: the same request the client would send it
   * over loopback gRPC, without the serialization and the two hops. The server answers, as it does
   * the client, once a majority committed the entry and this member applied it. If leadership was
   * lost in between (the entry was not appended), the batch goes through the client, which finds
   * the new leader.
   */
  private CompletableFuture<RaftClientReply> proposeHere(Message message) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(directClientId)
        .setServerId(selfId)
        .setGroupId(group.getGroupId())
        .setCallId(directCallIds.incrementAndGet())
        .setMessage(message)
        .setType(RaftClientRequest.writeRequestType())
        .build();
    CompletableFuture<RaftClientReply> direct;
    try {
      direct = server.submitClientRequestAsync(request);
    } catch (IOException e) {
      return client.async().send(message);
    }
    // A leader cut off from the majority may hold the request until it steps down: give up after
    // the client's request timeout, as the client would (the batch may still commit; records are
    // idempotent, so the sender may retry).
    return direct.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(reply -> reply.getNotLeaderException() != null || reply.getLeaderNotReadyException() != null
            ? client.async().send(message) : CompletableFuture.completedFuture(reply));
  }

  /** Whether this member leads and its leadership is ready to take proposals. */
  private boolean leadsReady() {
    try {
      DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
      return info.isLeader() && info.isLeaderReady();
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Ledger.GroupOutcome> outcomes(RaftClientReply reply, Throwable error, int groups) {
    if (error != null) {
      throw new LedgerException(LedgerError.CLOSED, "replication: the batch was not committed ("
          + rootMessage(error) + "); nothing was stored; retry, possibly on another node");
    }
    if (!reply.isSuccess()) {
      throw new LedgerException(LedgerError.CLOSED, "replication: the batch was not committed ("
          + rootMessage(reply.getException()) + "); nothing was stored; retry, possibly on another node");
    }
    return BatchCodec.decodeOutcomes(reply.getMessage().getContent().toByteArray(), groups);
  }

  private static String rootMessage(Throwable t) {
    while (t != null && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /**
   * Another member's own signed checkpoint note at {@code treeSize}, asked over the Raft port
   * (the members' mutual TLS) as a read-only query to that member; empty if it has not reached
   * that size or cannot answer now.
   */
  public CompletableFuture<Optional<String>> memberNoteAt(String memberId, long treeSize) {
    Message q = Message.valueOf(UnsafeByteOperations.unsafeWrap(
        MemberQuery.newBuilder().setCheckpointAt(treeSize).build().toByteArray()));
    // Blocking calls on threads of their own: the async client keeps one ordered sliding window
    // per member, and once a request to a member that is down fails without retry that window
    // stays closed, so the member's cosignatures would never be asked for again after it returns.
    return CompletableFuture.supplyAsync(() -> {
      try {
        RaftClientReply reply = queries.io().sendStaleRead(q, 0, RaftPeerId.valueOf(memberId));
        if (!reply.isSuccess()) {
          return Optional.<String>empty();
        }
        String note = CheckpointReply.parseFrom(reply.getMessage().getContent().toByteArray()).getNote();
        return note.isEmpty() ? Optional.<String>empty() : Optional.of(note);
      } catch (IOException | RuntimeException e) {
        return Optional.<String>empty(); // down, or not answering now: asked again next round
      }
    }, queryThreads);
  }

  /** The id of the member currently leading, as this node knows it. */
  public Optional<String> leaderId() {
    try {
      return Optional.ofNullable(server.getDivision(group.getGroupId()).getInfo().getLeaderId()).map(RaftPeerId::toString);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The voting members of the group's current Raft configuration as this node applies it (the
   * ones whose acknowledgements commit an entry, and who each verify every record); listeners are
   * left out.
   */
  public Set<String> votingMemberIds() {
    try {
      Set<String> ids = new java.util.TreeSet<>();
      server.getDivision(group.getGroupId()).getRaftConf().getCurrentPeers().forEach(p -> ids.add(p.getId().toString()));
      return ids;
    } catch (IOException e) {
      return Set.of();
    }
  }

  /** The members of the group's current Raft configuration, as this node applies it. */
  public Set<String> memberIds() {
    try {
      Set<String> ids = new java.util.TreeSet<>();
      server.getDivision(group.getGroupId()).getGroup().getPeers().forEach(p -> ids.add(p.getId().toString()));
      return ids;
    } catch (IOException e) {
      return Set.of();
    }
  }

  /**
   * Makes the members' queries (cosignatures, lost-log checks) reach exactly these members, this
   * node included: called whenever the registry's members may have changed. Queries in flight on
   * the previous client fail and are asked again next round.
   */
  public void useMembers(List<Member> members) {
    RaftGroup next = RaftGroup.valueOf(group.getGroupId(), peersOf(members));
    RaftClient previous;
    synchronized (this) {
      if (Set.copyOf(next.getPeers()).equals(Set.copyOf(queriesGroup.getPeers()))) {
        return;
      }
      queriesGroup = next;
      previous = queries;
      queries = queriesClient(parameters, next);
    }
    try {
      previous.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static List<RaftPeer> peersOf(List<Member> members) {
    return members.stream().map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.raftAddress()).build()).toList();
  }

  /**
   * Brings the Raft configuration to {@code members} (the registry in force) if this node leads
   * and they differ: the leader changes its own server's configuration in-process, never over the
   * network. Called on every member after it applies entries; only the leader acts, so a change
   * is made once however many members see it, and a new leader or a restarted one finishes a
   * change its predecessor did not. Acts only once this node has applied the entry that set the
   * current configuration, so that it never undoes a change made from a registry it has not
   * applied yet. Blocks while Ratis brings new members up to date and commits the change.
   *
   * @return what was changed, or empty if nothing was to be done here
   * @throws IOException if Ratis refused or failed the change (tried again on the next call)
   */
  public Optional<String> reconcileMembers(List<Member> members) throws IOException {
    if (members.isEmpty()) {
      return Optional.empty();
    }
    RaftServer.Division division = server.getDivision(group.getGroupId());
    DivisionInfo info = division.getInfo();
    org.apache.ratis.server.RaftConfiguration conf = division.getRaftConf();
    if (!info.isLeader() || !conf.getPreviousPeers().isEmpty() || info.getLastAppliedIndex() < conf.getLogEntryIndex()) {
      return Optional.empty(); // a follower, a change in progress, or this leader has not applied what the configuration reflects
    }
    Map<String, String> current = new java.util.TreeMap<>();
    conf.getCurrentPeers().forEach(p -> current.put(p.getId().toString(), p.getAddress()));
    Map<String, String> wanted = new java.util.TreeMap<>();
    members.forEach(m -> wanted.put(m.id(), m.raftAddress()));
    if (current.equals(wanted)) {
      return Optional.empty();
    }
    RaftClientReply r = server.setConfiguration(new org.apache.ratis.protocol.SetConfigurationRequest(ClientId.randomId(),
        selfId, group.getGroupId(), membershipCallIds.incrementAndGet(), peersOf(members)));
    if (!r.isSuccess()) {
      throw new IOException("raft configuration " + current.keySet() + " -> " + wanted.keySet() + " not made: "
          + rootMessage(r.getException()), r.getException());
    }
    return Optional.of("raft configuration " + current.keySet() + " -> " + wanted.keySet());
  }

  /** Whether this node's Raft server still hosts the ledger's group. */
  public boolean hostsGroup() {
    for (RaftGroupId id : server.getGroupIds()) {
      if (id.equals(group.getGroupId())) {
        return true;
      }
    }
    return false;
  }

  public boolean isLeader() {
    return leaderId().map(selfId.toString()::equals).orElse(false);
  }

  /** The Raft index of the last entry this node applied to its ledger (-1 before any). */
  public long appliedIndex() {
    return ledger.appliedPosition().map(p -> p.index()).orElse(-1L);
  }

  /**
   * This member's view of the group now; empty while the group is not (or no longer) running
   * here. Followers come from the leader's bookkeeping, so only a leader lists them.
   */
  public Optional<RaftStatus> status() {
    RaftServer.Division division;
    try {
      division = server.getDivision(group.getGroupId());
    } catch (IOException e) {
      return Optional.empty();
    }
    DivisionInfo info = division.getInfo();
    List<RaftStatus.Follower> followers = new ArrayList<>();
    if (info.isLeader()) {
      List<ServerRpcProto> rpcs = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
      long[] match = info.getFollowerMatchIndices();
      // Both come from the leader's list of follower infos, in its order.
      for (int i = 0; i < rpcs.size(); i++) {
        followers.add(new RaftStatus.Follower(rpcs.get(i).getId().getId().toStringUtf8(),
            i < match.length ? match[i] : -1, rpcs.get(i).getLastRpcElapsedTimeMs()));
      }
    }
    RaftLog log = division.getRaftLog();
    TermIndex last = log.getLastEntryTermIndex();
    return Optional.of(new RaftStatus(selfId.toString(), info.getCurrentRole().name(), info.getCurrentTerm(),
        Optional.ofNullable(info.getLeaderId()).map(RaftPeerId::toString), last == null ? -1 : last.getIndex(),
        log.getLastCommittedIndex(), info.getLastAppliedIndex(), followers));
  }

  /** How many times this member caught up by copying entries from the leader since it started. */
  public int stateTransfers() {
    return stateMachine.stateTransfers();
  }

  /**
   * Where Ratis's admin service (membership, group management, snapshots, leadership) listens:
   * a loopback port picked at start, which only this member's own certificate may connect to
   * under TLS. Nothing in the node uses it.
   */
  public InetSocketAddress adminAddress() {
    return adminAddress;
  }

  public String self() {
    return selfId.toString();
  }

  /**
   * Stops proposing; the last group of the server to close stops the Raft server. The ledger
   * stays open (its owner closes it).
   */
  @Override
  public void close() {
    closeClient();
    if (openGroups.decrementAndGet() > 0) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "raft server did not close cleanly: " + e.getMessage(), e);
    }
  }

  /**
   * The leader's repair of a member that lost its Raft log (re-seeded with {@code baytrace reseed},
   * or its disk replaced) and came back under its old id. Ratis's leader keeps, per follower, the
   * highest index it knows that follower holds and never sends it anything below (Raft assumes no
   * member loses its log), so the emptied member would answer every heartbeat "inconsistent" and
   * wait for ever. A follower whose log ends at or below what this leader recorded as replicated to
   * it, seen on two checks in a row, therefore makes this leader step down: the next leader (this
   * node again, or another) starts every follower afresh and sends the emptied one the log from its
   * start, or, if that was purged, notifies it to copy the ledger (state transfer), each record
   * checked again on the way in. A healthy follower's log always ends past the recorded index.
   * The decision is the leader's own; the follower only answers a read-only query.
   */
  private void checkFollowersForLostLogs() {
    try {
      DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
      if (!info.isLeader()) {
        lostLogSightings.clear();
        return;
      }
      long[] recorded = info.getFollowerMatchIndices();
      List<RaftProtos.ServerRpcProto> followers = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
      if (recorded.length != followers.size()) {
        return; // the configuration changed between the two calls: look again next time
      }
      for (int i = 0; i < recorded.length; i++) {
        String id = followers.get(i).getId().getId().toStringUtf8();
        long logEnd = recorded[i] < 0 ? Long.MAX_VALUE : memberLogEnd(id);
        if (logEnd > recorded[i]) {
          lostLogSightings.remove(id);
          continue;
        }
        if (lostLogSightings.merge(id, 1, Integer::sum) >= 2) {
          lostLogSightings.clear();
          LOG.warning("member " + id + " holds Raft entries below index " + logEnd + " only, but this leader recorded"
              + " entries up to " + recorded[i] + " as replicated to it: it lost its Raft log (re-seeded?). Stepping"
              + " down so that the next leader brings it back from the start of the log or by state transfer");
          RaftClientReply r = server.transferLeadership(new TransferLeadershipRequest(ClientId.randomId(), selfId,
              group.getGroupId(), adminCallIds.incrementAndGet(), null, 10_000));
          if (!r.isSuccess()) {
            LOG.warning("stepping down failed; trying again on the next checks: " + r.getException());
          }
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "lost-log check skipped", e);
    }
  }

  /** A member's Raft log end (the index its next entry gets); Long.MAX_VALUE if it does not answer now. */
  private long memberLogEnd(String memberId) {
    Message q = Message.valueOf(UnsafeByteOperations.unsafeWrap(
        MemberQuery.newBuilder().setRaftLogEnd(true).build().toByteArray()));
    try {
      // Minimum commit index -1: an emptied member has committed nothing, and Ratis refuses a stale
      // read to a member whose commit index is below the minimum asked for.
      RaftClientReply reply = queries.io().sendStaleRead(q, RaftLog.INVALID_LOG_INDEX, RaftPeerId.valueOf(memberId));
      if (!reply.isSuccess()) {
        return Long.MAX_VALUE;
      }
      return RaftLogEndReply.parseFrom(reply.getMessage().getContent().toByteArray()).getNextIndex();
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE; // down or busy: no evidence of a lost log
    }
  }

  private void closeClient() {
    lostLogWatch.shutdownNow();
    queryThreads.shutdownNow();
    RaftClient q;
    synchronized (this) {
      q = queries;
    }
    for (RaftClient c : List.of(client, q)) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
