package org.baytrace.ledger.replication;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.baytrace.api.ledger.v1.CheckpointReply;
import org.baytrace.api.ledger.v1.MemberQuery;
import org.baytrace.api.ledger.v1.RaftLogEndReply;
import org.baytrace.api.ledger.v1.RecordGroup;
import org.baytrace.api.ledger.v1.ReplicatedBatch;
import org.baytrace.api.ledger.v1.TransferReply;
import org.baytrace.api.ledger.v1.TransferRequest;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LogPosition;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * Applies committed batches to this node's ledger, on every node. Each record is checked again
 * here (signatures, origin, author policy), so a faulty leader cannot slip a bad record into
 * anyone's ledger; groups are then appended through {@link Ledger#appendGroups}, whose apply
 * rules decide in log order. Everything that can be refused becomes a refusal in the outcome,
 * identical on every node; only a failing disk throws (and stops the server).
 *
 * <p>The Raft position of each applied entry is stored in the same RocksDB write as its effects,
 * and reported as this state machine's snapshot: a restart resumes after exactly the last
 * applied entry (Ratis otherwise replays from its last snapshot and re-applies).
 *
 * <p>Ratis calls {@link #applyTransaction} from one thread, in log order.
 */
final class LedgerStateMachine extends BaseStateMachine {
  private static final Logger LOG = Logger.getLogger(LedgerStateMachine.class.getName());
  private static final long NO_INDEX = -1; // Ratis's "nothing applied yet"
  private static final int TRANSFER_CHUNK = 2000; // entries per state-transfer answer
  private static final int MAX_ENTRIES_IN_PIPELINE = 4;

  private final Ledger ledger;
  private final ExecutorService verifiers;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private long lastRecordTime; // apply thread only: record times never go backwards
  private volatile RaftClient client; // for state transfer; set once the server's client exists
  private final AtomicInteger transfers = new AtomicInteger();

  private final CheckedRecords checkedHere;
  /** Writes entries to the ledger one at a time, in log order (the only writer of this ledger). */
  private final ExecutorService applyThread;
  /** Entries decoded and being checked or written; bounds the memory of a member far behind. */
  private final Semaphore entriesInPipeline = new Semaphore(MAX_ENTRIES_IN_PIPELINE);
  private volatile Throwable broken;

  private final long maxClockSkewMillis;

  LedgerStateMachine(Ledger ledger, ExecutorService verifiers, CheckedRecords checkedHere, java.time.Duration maxClockSkew) {
    this.maxClockSkewMillis = maxClockSkew.toMillis();
    this.ledger = ledger;
    this.verifiers = verifiers;
    this.checkedHere = checkedHere;
    this.applyThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "baytrace-apply-" + ledger.origin());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(this::loadFromLedger);
  }

  private void loadFromLedger() {
    ledger.appliedPosition().ifPresent(p -> updateLastAppliedTermIndex(p.term(), p.index()));
    long size = ledger.head().size();
    lastRecordTime = size == 0 ? 0 : Ledger.applied(ledger.entry(size - 1)).recordTimeUnixMillis();
  }

  /**
   * Ratis pauses the state machine before it reloads it after a state transfer; it checks that
   * the machine really is PAUSED (the base class does nothing, which stops the follower for good).
   * Nothing runs while paused: applying happens on the thread that asked for the pause.
   */
  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /** After a state transfer: the ledger already holds the copied entries; take up its position. */
  @Override
  public void reinitialize() {
    getLifeCycle().startAndTransition(this::loadFromLedger);
  }

  /** How many times this member caught up by state transfer since it started. */
  int stateTransfers() {
    return transfers.get();
  }

  void useClient(RaftClient client) {
    this.client = client;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** What the ledger holds: everything up to the stored applied position (no files to copy). */
  @Override
  public SnapshotInfo getLatestSnapshot() {
    return ledger.appliedPosition().map(LedgerStateMachine::snapshotAt).orElse(null);
  }

  /**
   * Ratis purges the log up to the index returned here, so everything applied up to it is
   * synced first: applied batches are written without a sync of their own (the Raft log, synced
   * on a majority before commit, is the durable copy until then).
   */
  @Override
  public long takeSnapshot() throws IOException {
    long applied = ledger.appliedPosition().map(LogPosition::index).orElse(NO_INDEX);
    try {
      ledger.sync(); // after reading the position: at least everything up to it is durable
    } catch (LedgerException e) {
      // Ratis skips the purge on an IOException (a runtime exception would stop its updater).
      throw new IOException("cannot sync the ledger before a snapshot: " + e.getMessage(), e);
    }
    return applied;
  }

  /**
   * Called by Ratis's updater thread for each committed entry, in log order. The entry's records
   * start being checked on the verify pool at once; the write that applies them runs later on
   * the one apply thread, in the same order. So the signatures of the next entries are checked
   * while this one is written, instead of the pool waiting for the disk and the disk for the
   * pool. The client's answer waits for the returned future.
   */
  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    Throwable failed = broken;
    if (failed != null) {
      // An earlier entry could not be written: applying later ones would skip it. Failing (not
      // throwing) lets Ratis close the group in order; a restart replays from the stored position.
      return CompletableFuture.failedFuture(
          new IllegalStateException("an earlier raft entry could not be applied; this member stops", failed));
    }
    LogEntryProto entry = trx.getLogEntry();
    TermIndex at = TermIndex.valueOf(entry);
    long applied = ledger.appliedPosition().map(LogPosition::index).orElse(-1L);
    if (at.getIndex() <= applied) { // already in the ledger (replayed after a restart)
      return CompletableFuture.supplyAsync(() -> {
        advanceAppliedTo(at.getTerm(), at.getIndex());
        return Message.EMPTY;
      }, applyThread);
    }
    ReplicatedBatch batch;
    try {
      batch = BatchCodec.decodeBatch(entry.getStateMachineLogEntry().getLogData().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      // Every node decodes the same bytes the same way, so every node skips this entry.
      LOG.warning("raft entry " + at + " is not a batch; skipped: " + e.getMessage());
      batch = ReplicatedBatch.getDefaultInstance();
    }
    entriesInPipeline.acquireUninterruptibly();
    List<List<CompletableFuture<ParsedRecord>>> checks = startChecks(batch);
    ReplicatedBatch toApply = batch;
    return CompletableFuture.supplyAsync(() -> write(toApply, checks, at), applyThread)
        .whenComplete((outcome, error) -> {
          entriesInPipeline.release();
          if (error != null) {
            stopAfter(at, error);
          }
        });
  }

  /**
   * Ratis reports entries that are not the state machine's (configuration, metadata) here, from
   * the updater thread; they must count as applied only after the entries before them.
   */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    try {
      applyThread.execute(() -> advanceAppliedTo(term, index));
    } catch (RejectedExecutionException e) {
      // closing: nothing is applied any more
    }
  }

  /**
   * Moves the applied index forward, never back: a state transfer queued before some entries
   * may already have taken the ledger past them.
   */
  private void advanceAppliedTo(long term, long index) {
    if (index > getLastAppliedTermIndex().getIndex()) {
      updateLastAppliedTermIndex(term, index);
    }
  }

  /** Starts checking every record of the batch on the verify pool; verdicts depend only on the record. */
  private List<List<CompletableFuture<ParsedRecord>>> startChecks(ReplicatedBatch batch) {
    List<List<CompletableFuture<ParsedRecord>>> checks = new ArrayList<>(batch.getGroupsCount());
    for (RecordGroup g : batch.getGroupsList()) {
      List<CompletableFuture<ParsedRecord>> group = new ArrayList<>(g.getSignedRecordsCount());
      for (ByteString bytes : g.getSignedRecordsList()) {
        byte[] signed = bytes.toByteArray();
        ParsedRecord known = checkedHere.take(signed);
        group.add(known != null ? CompletableFuture.completedFuture(known)
            : CompletableFuture.supplyAsync(() -> ledger.check(signed), verifiers));
      }
      checks.add(group);
    }
    return checks;
  }

  /** Applies one entry on the apply thread: waits for its checks, then one write to the ledger. */
  private Message write(ReplicatedBatch batch, List<List<CompletableFuture<ParsedRecord>>> checks, TermIndex at) {
    if (broken != null) {
      throw new IllegalStateException("raft entry " + at + " not applied: an earlier entry could not be");
    }
    if (at.getIndex() <= ledger.appliedPosition().map(LogPosition::index).orElse(-1L)) {
      // A state transfer queued before this entry already brought the ledger past it; writing it
      // would move the stored position back.
      return Message.EMPTY;
    }
    List<List<ParsedRecord>> checked = new ArrayList<>(checks.size());
    List<LedgerException> refusals = new ArrayList<>(checks.size());
    LedgerException timeRefusal = recordTimeRefusal(batch.getRecordTimeUnixMillis());
    for (List<CompletableFuture<ParsedRecord>> group : checks) {
      if (timeRefusal != null) {
        group.forEach(f -> f.cancel(false));
        refusals.add(timeRefusal);
        continue;
      }
      List<ParsedRecord> records = new ArrayList<>(group.size());
      LedgerException refusal = null;
      for (int i = 0; i < group.size() && refusal == null; i++) {
        try {
          records.add(group.get(i).join());
        } catch (CompletionException e) {
          refusal = asRefusal(e.getCause(), i, group.size());
        }
      }
      refusals.add(refusal);
      if (refusal == null) {
        checked.add(records);
      }
    }
    // Never before the previous entry's time (a proposer whose clock is behind cannot move it back).
    long recordTime = timeRefusal != null ? lastRecordTime : Math.max(batch.getRecordTimeUnixMillis(), lastRecordTime);
    List<Ledger.GroupOutcome> applied = ledger.appendGroups(checked, recordTime, new LogPosition(at.getTerm(), at.getIndex()));
    lastRecordTime = recordTime;
    advanceAppliedTo(at.getTerm(), at.getIndex());
    List<Ledger.GroupOutcome> outcomes = new ArrayList<>(refusals.size());
    int next = 0;
    for (LedgerException refusal : refusals) {
      outcomes.add(refusal != null ? new Ledger.GroupOutcome(List.of(), refusal) : applied.get(next++));
    }
    return Message.valueOf(UnsafeByteOperations.unsafeWrap(BatchCodec.encodeOutcomes(outcomes)));
  }

  /**
   * A write failed (the disk, not a refusal: refusals are outcomes). Nothing of that entry is in
   * the ledger, so no later entry may be applied: the member stops, and on restart Ratis replays
   * the log from the ledger's stored position.
   */
  private void stopAfter(TermIndex at, Throwable error) {
    if (broken != null) {
      return;
    }
    broken = error;
    LOG.log(Level.SEVERE, "cannot apply raft entry " + at + "; stopping this member of the group", error);
    getServer().thenAcceptAsync(server -> { // only this ledger's group: other ledgers of the server go on
      try {
        server.getDivision(getGroupId()).close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "raft group did not close cleanly", e);
      }
    });
  }

  /**
   * A batch whose record time is further ahead of this member's clock than the configured skew
   * is refused as a whole (every group gets this refusal), so that no member, not even the
   * leader, can move the ledger's time forward: record times never go back, and one far in the
   * future would stay. Members whose clocks agree within the skew judge a proposer's honest time
   * alike; a refusal that only some members make shows as a root the others do not cosign.
   */
  private LedgerException recordTimeRefusal(long proposed) {
    long now = ledger.config().clock().millis();
    if (proposed > now + maxClockSkewMillis) {
      return new LedgerException(LedgerError.INVALID_FIELD, "record time: got " + java.time.Instant.ofEpochMilli(proposed)
          + ", want at most " + java.time.Instant.ofEpochMilli(now + maxClockSkewMillis) + " (this member's clock "
          + java.time.Instant.ofEpochMilli(now) + " plus the allowed skew of " + maxClockSkewMillis + " ms); batch refused");
    }
    return null;
  }

  /** Waits for the entries already handed to the apply thread, then stops it. */
  @Override
  public void close() throws IOException {
    applyThread.shutdown();
    try {
      if (!applyThread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warning("raft entries still being applied after 30 s; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    super.close();
  }

  /**
   * Answers another member's read-only query: a {@link TransferRequest} from a member catching up
   * (see {@link #notifyInstallSnapshotFromLeader}), this member's note at a size (cosigning), or
   * its Raft log end (the leader's lost-log check).
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      MemberQuery query = MemberQuery.parseFrom(request.getContent().toByteArray());
      return switch (query.getQueryCase()) {
        case TRANSFER -> transfer(query.getTransfer());
        case CHECKPOINT_AT -> checkpointAt(query.getCheckpointAt());
        case RAFT_LOG_END -> raftLogEnd();
        case QUERY_NOT_SET -> CompletableFuture.failedFuture(new IllegalArgumentException("empty member query"));
      };
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** This member's own note at {@code size} for a member cosigning it; empty beyond this member's tree. */
  private CompletableFuture<Message> checkpointAt(long size) {
    String note = size > 0 && size <= ledger.head().size() ? ledger.checkpointAt(size) : "";
    return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(
        CheckpointReply.newBuilder().setNote(note).build().toByteArray())));
  }

  /** This member's Raft log end, for the leader's check of a member that lost its log ({@link ReplicatedLedger}). */
  private CompletableFuture<Message> raftLogEnd() {
    return getServer().thenApply(server -> {
      try {
        long next = server.getDivision(getGroupId()).getRaftLog().getNextIndex();
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(
            RaftLogEndReply.newBuilder().setNextIndex(next).build().toByteArray()));
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    });
  }

  private CompletableFuture<Message> transfer(TransferRequest q) {
    try {
      TransferReply.Builder reply = TransferReply.newBuilder();
      long to = q.getToSize();
      if (to == 0) {
        Ledger.AppliedState state = ledger.appliedState();
        LogPosition p = state.position().orElse(new LogPosition(0, -1));
        to = state.head().size();
        reply.setAppliedTerm(p.term()).setAppliedIndex(p.index()).setToSize(to)
            .setRoot(ByteString.copyFrom(state.head().root().toByteArray())).setCurrentTerm(currentTerm());
        if (q.getFromSize() <= to) {
          reply.setRootAtFrom(ByteString.copyFrom(ledger.rootAt(q.getFromSize()).toByteArray()));
        }
      }
      long end = Math.min(to, q.getFromSize() + Math.min(Math.max(q.getMaxEntries(), 1), TRANSFER_CHUNK));
      for (long i = q.getFromSize(); i < end; i++) {
        reply.addLeaves(ByteString.copyFrom(ledger.entry(i).leaf()));
      }
      return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply.build().toByteArray())));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** This member's current Raft term (for a restored member, which starts above it); 0 before the server runs. */
  private long currentTerm() {
    RaftServer server = getServer().getNow(null);
    if (server == null) {
      return 0;
    }
    try {
      return server.getDivision(getGroupId()).getInfo().getCurrentTerm();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The leader purged the log entries this member lacks: copy them from the leader's ledger
   * instead (each re-checked, the result checked against the leader's root) and resume after
   * the leader's applied position. Runs on the apply thread, after any entries already handed to
   * it; Ratis waits for the future.
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstInLeaderLog) {
    RaftPeerId leader = RaftPeerId.valueOf(roleInfo.getFollowerInfo().getLeaderInfo().getId().getId());
    return CompletableFuture.supplyAsync(() -> {
      try {
        TermIndex reached = transferFrom(leader);
        transfers.incrementAndGet();
        LOG.info("caught up from " + leader + " by state transfer to raft index " + reached.getIndex()
            + " (the leader's log starts at " + firstInLeaderLog.getIndex() + ")");
        return reached;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "state transfer from " + leader + " failed; Ratis will ask again", e);
        throw new CompletionException(e);
      }
    }, applyThread); // the apply thread: the ledger's only writer
  }

  private TermIndex transferFrom(RaftPeerId leader) throws IOException {
    long from = ledger.head().size();
    TransferReply first = ask(leader, from, 0);
    if (first.getToSize() < from) {
      throw new IOException("the leader has " + first.getToSize() + " entries, this member " + from + ": it cannot catch up from it");
    }
    if (!ledger.rootAt(from).sameAs(first.getRootAtFrom().toByteArray())) {
      throw new IOException("this member's " + from + " entries are not a prefix of the leader's ledger; not copying");
    }
    List<byte[]> leaves = new ArrayList<>();
    first.getLeavesList().forEach(l -> leaves.add(l.toByteArray()));
    while (from + leaves.size() < first.getToSize()) {
      TransferReply more = ask(leader, from + leaves.size(), first.getToSize());
      if (more.getLeavesCount() == 0) {
        throw new IOException("the leader sent no entries from " + (from + leaves.size()));
      }
      more.getLeavesList().forEach(l -> leaves.add(l.toByteArray()));
    }
    LogPosition at = new LogPosition(first.getAppliedTerm(), first.getAppliedIndex());
    ledger.appendTransferred(leaves, at, Hash32.of(first.getRoot().toByteArray()));
    TermIndex reached = TermIndex.valueOf(at.term(), at.index());
    advanceAppliedTo(reached.getTerm(), reached.getIndex());
    long size = ledger.head().size();
    lastRecordTime = size == 0 ? 0 : Math.max(lastRecordTime, Ledger.applied(ledger.entry(size - 1)).recordTimeUnixMillis());
    return reached;
  }

  private TransferReply ask(RaftPeerId leader, long from, long to) throws IOException {
    RaftClient c = client;
    if (c == null) {
      throw new IOException("not ready to copy entries yet");
    }
    byte[] q = MemberQuery.newBuilder().setTransfer(
        TransferRequest.newBuilder().setFromSize(from).setToSize(to).setMaxEntries(TRANSFER_CHUNK)).build().toByteArray();
    RaftClientReply reply = c.io().sendStaleRead(Message.valueOf(UnsafeByteOperations.unsafeWrap(q)), 0, leader);
    if (!reply.isSuccess()) {
      throw new IOException("the leader did not answer the transfer request", reply.getException());
    }
    return TransferReply.parseFrom(reply.getMessage().getContent().toByteArray());
  }

  private static LedgerException asRefusal(Throwable cause, int position, int groupSize) {
    LedgerException e = cause instanceof LedgerException le ? le
        : new LedgerException(LedgerError.MALFORMED_RECORD, "record could not be checked: " + cause);
    if (groupSize == 1) {
      return e;
    }
    return new LedgerException(e.error(), "record " + position + " of the group: " + e.getMessage(), e);
  }

  private static SnapshotInfo snapshotAt(LogPosition p) {
    TermIndex ti = TermIndex.valueOf(p.term(), p.index());
    return new SnapshotInfo() {
      @Override
      public TermIndex getTermIndex() {
        return ti;
      }

      @Override
      public List<FileInfo> getFiles() {
        return List.of();
      }
    };
  }

}
