package org.baytrace.tracking.node.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.api.ledger.v1.AppendBatchRequest;
import org.baytrace.api.ledger.v1.AppendBatchResponse;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.Appended;
import org.baytrace.api.ledger.v1.Checkpoint;
import org.baytrace.api.ledger.v1.ClusterStatus;
import org.baytrace.api.ledger.v1.ConsistencyProof;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetClusterStatusRequest;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import org.baytrace.api.ledger.v1.GetEntryRequest;
import org.baytrace.api.ledger.v1.GetEntryResponse;
import org.baytrace.api.ledger.v1.GetReceiptRequest;
import org.baytrace.api.ledger.v1.GetSubjectHistoryRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.LedgerServiceLimits;
import org.baytrace.api.ledger.v1.Receipt;
import org.baytrace.api.ledger.v1.TailRequest;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.sequencer.Appender;

/**
 * The gRPC ledger service (baytrace.ledger.v1.LedgerService). Append is a bidirectional stream
 * with real flow control: the node asks the client for at most {@code maxInFlight} requests
 * ahead of the responses it has sent. Append requests are parsed here rather than by gRPC, so a
 * malformed request gets an INVALID_ARGUMENT response and the stream goes on.
 *
 * <p>Thread-safe; one instance serves all calls.
 */
public final class LedgerGrpcService implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LedgerGrpcService.class.getName());
  private static final int HISTORY_PAGE = 1000;

  private final Ledger ledger;
  private final Appender sequencer;
  private final int maxInFlight;
  private final ExecutorService tails = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "baytrace-tail");
    t.setDaemon(true);
    return t;
  });

  private final Supplier<Members> members;

  /**
   * Who stores and verifies each appended record, as {@code GetClusterStatus} answers.
   *
   * @param self this node's name
   * @param leader the member this node follows (itself when it leads or runs alone), if any
   * @param voting the voting members, this node included
   */
  public record Members(String self, Optional<String> leader, List<String> voting) {
    public Members {
      Objects.requireNonNull(self, "self");
      Objects.requireNonNull(leader, "leader");
      voting = List.copyOf(voting);
    }

    /** A single node: its own leader and only member. */
    public static Members alone(String self) {
      return new Members(self, Optional.of(self), List.of(self));
    }
  }

  /** A single node's service: the node named {@code self} is its only member. */
  public LedgerGrpcService(Ledger ledger, Appender sequencer, int maxInFlight, String self) {
    this(ledger, sequencer, maxInFlight, () -> Members.alone(self));
  }

  /** A service whose cluster status {@code members} tells, asked anew on each call. */
  public LedgerGrpcService(Ledger ledger, Appender sequencer, int maxInFlight, Supplier<Members> members) {
    this.ledger = ledger;
    this.sequencer = sequencer;
    this.maxInFlight = maxInFlight;
    this.members = Objects.requireNonNull(members, "members");
  }

  /**
   * The service definition to add to a gRPC server. Requests arrive as bytes and are parsed here,
   * so a request that is not valid protobuf gets INVALID_ARGUMENT (gRPC itself would answer
   * UNKNOWN).
   */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(LedgerServiceGrpc.SERVICE_NAME)
        .addMethod(raw(LedgerServiceGrpc.getAppendMethod()), ServerCalls.asyncBidiStreamingCall(this::append))
        .addMethod(raw(LedgerServiceGrpc.getAppendBatchMethod()), ServerCalls.asyncBidiStreamingCall(this::appendBatch))
        .addMethod(raw(LedgerServiceGrpc.getGetEntryMethod()),
            ServerCalls.asyncUnaryCall(parsed(GetEntryRequest.parser(), this::getEntry)::accept))
        .addMethod(raw(LedgerServiceGrpc.getGetReceiptMethod()),
            ServerCalls.asyncUnaryCall(parsed(GetReceiptRequest.parser(), this::getReceipt)::accept))
        .addMethod(raw(LedgerServiceGrpc.getGetConsistencyProofMethod()),
            ServerCalls.asyncUnaryCall(parsed(GetConsistencyProofRequest.parser(), this::getConsistencyProof)::accept))
        .addMethod(raw(LedgerServiceGrpc.getGetCheckpointMethod()),
            ServerCalls.asyncUnaryCall(parsed(GetCheckpointRequest.parser(), this::getCheckpoint)::accept))
        .addMethod(raw(LedgerServiceGrpc.getTailMethod()),
            ServerCalls.asyncServerStreamingCall(parsed(TailRequest.parser(), this::tail)::accept))
        .addMethod(raw(LedgerServiceGrpc.getGetSubjectHistoryMethod()),
            ServerCalls.asyncServerStreamingCall(parsed(GetSubjectHistoryRequest.parser(), this::subjectHistory)::accept))
        .addMethod(raw(LedgerServiceGrpc.getGetClusterStatusMethod()),
            ServerCalls.asyncUnaryCall(parsed(GetClusterStatusRequest.parser(), this::clusterStatus)::accept))
        .build();
  }

  private static <Q, R> MethodDescriptor<byte[], R> raw(MethodDescriptor<Q, R> method) {
    return method.toBuilder(new RawBytes(), method.getResponseMarshaller()).build();
  }

  /** Parses the request bytes, answering INVALID_ARGUMENT when they are not the message. */
  private static <Q, R> java.util.function.BiConsumer<byte[], StreamObserver<R>> parsed(
      com.google.protobuf.Parser<Q> parser, java.util.function.BiConsumer<Q, StreamObserver<R>> handler) {
    return (bytes, out) -> {
      Q request;
      try {
        request = parser.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        out.onError(GrpcErrors.toException(new LedgerException(LedgerError.INVALID_ARGUMENT,
            "request: not a valid protobuf message: " + e.getMessage())));
        return;
      }
      handler.accept(request, out);
    };
  }

  // ---- Append -------------------------------------------------------------------------------

  private StreamObserver<byte[]> append(StreamObserver<AppendResponse> responses) {
    // One record per message: ask for up to maxInFlight messages ahead, as answers go out.
    AppendStream<AppendResponse> stream = new AppendStream<>(responses, maxInFlight);
    return stream.reading(raw -> {
      AppendRequest req;
      try {
        req = AppendRequest.parseFrom(raw);
      } catch (InvalidProtocolBufferException e) {
        stream.respond(malformed("baytrace.ledger.v1.AppendRequest", e), 0);
        return;
      }
      stream.received(1);
      submit(req).thenAccept(r -> stream.respond(r, 1));
    });
  }

  private StreamObserver<byte[]> appendBatch(StreamObserver<AppendBatchResponse> responses) {
    // Up to 1,000 records per message: read the next message only while under maxInFlight records.
    AppendStream<AppendBatchResponse> stream = new AppendStream<>(responses, 1);
    return stream.reading(raw -> {
      AppendBatchRequest batch;
      try {
        batch = AppendBatchRequest.parseFrom(raw);
      } catch (InvalidProtocolBufferException e) {
        stream.respond(AppendBatchResponse.newBuilder()
            .addResponses(malformed("baytrace.ledger.v1.AppendBatchRequest", e)).build(), 0);
        return;
      }
      int n = batch.getRequestsCount();
      if (n > LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS) {
        // Ends the stream: answering each of up to millions of tiny requests would cost the node
        // far more than the message did, and the answer would not fit a client's message limit.
        stream.fail(new LedgerException(LedgerError.BATCH_TOO_LARGE, "request: " + n
            + " records in one AppendBatchRequest; at most " + LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS + ": split the batch"));
        return;
      }
      stream.received(n);
      List<CompletableFuture<AppendResponse>> answers = new ArrayList<>(n);
      batch.getRequestsList().forEach(q -> answers.add(submit(q)));
      // submit's futures always complete normally (with an answer), so this always answers.
      CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
        AppendBatchResponse.Builder out = AppendBatchResponse.newBuilder();
        for (CompletableFuture<AppendResponse> a : answers) {
          out.addResponses(a.join());
        }
        stream.respond(out.build(), n);
      });
    });
  }

  /** Hands one record to the sequencer; the future always completes normally, with its answer. */
  private CompletableFuture<AppendResponse> submit(AppendRequest req) {
    long id = req.getCorrelationId();
    return sequencer.submit(req.getSignedRecord().toByteArray()).handle((a, err) -> {
      AppendResponse.Builder r = AppendResponse.newBuilder().setCorrelationId(id);
      Throwable failure = err;
      if (failure == null) {
        try {
          return r.setAppended(Appended.newBuilder().setIndex(a.index()).setLeafHash(bytes(a.leafHash()))
              .setDuplicate(a.duplicate()).setTreeSize(ledger.head().size())).build();
        } catch (RuntimeException e) { // the ledger closing under us
          failure = e;
        }
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      LedgerException le = cause instanceof LedgerException l ? l
          : new LedgerException(LedgerError.STORE_IO, "append failed: " + cause.getMessage());
      return r.setError(GrpcErrors.toRpcStatus(le)).build();
    });
  }

  /** The answer to a message that did not parse: it has no correlation id, so it carries 0. */
  private static AppendResponse malformed(String type, InvalidProtocolBufferException e) {
    return AppendResponse.newBuilder().setError(GrpcErrors.toRpcStatus(new LedgerException(
        LedgerError.MALFORMED_RECORD, "request: not a " + type + ": " + e.getMessage()))).build();
  }

  /**
   * The server side of one Append or AppendBatch stream, with real flow control: the node reads
   * a further message only while fewer than {@code maxInFlight} records are unanswered (and at
   * most {@code messagesAhead} messages are asked for but not yet read), so a fast client cannot
   * queue without bound. After the client half-closes, the stream completes once every answer
   * is sent.
   */
  private final class AppendStream<R> {
    private final ServerCallStreamObserver<R> out;
    private final int messagesAhead;
    // All guarded by out, which also serialises onNext calls on it.
    private int unanswered; // records received and not yet answered
    private int requested; // messages asked for and not yet received
    private boolean halfClosed;
    private boolean done;

    AppendStream(StreamObserver<R> responses, int messagesAhead) {
      this.out = (ServerCallStreamObserver<R>) responses;
      this.messagesAhead = messagesAhead;
      out.disableAutoRequest();
      // A client that does not read its answers stops getting its messages read: no unbounded
      // queue of answers in the node.
      out.setOnReadyHandler(() -> {
        synchronized (out) {
          requestMore();
        }
      });
      synchronized (out) {
        requestMore();
      }
    }

    /** The request observer gRPC calls; {@code handler} gets each message's raw bytes. */
    StreamObserver<byte[]> reading(java.util.function.Consumer<byte[]> handler) {
      return new StreamObserver<>() {
        @Override
        public void onNext(byte[] raw) {
          handler.accept(raw); // counts the message's records before it stops counting as requested
          synchronized (out) {
            requested--;
            requestMore();
          }
        }

        @Override
        public void onError(Throwable t) {
          // The client went away; answers still on their way are dropped by respond().
          synchronized (out) {
            done = true;
          }
        }

        @Override
        public void onCompleted() {
          synchronized (out) {
            halfClosed = true;
            completeIfAnswered();
          }
        }
      };
    }

    /** A message with {@code records} records is being handled (call before answering it). */
    void received(int records) {
      synchronized (out) {
        unanswered += records;
      }
    }

    /** Sends one answer covering {@code records} received records. */
    void respond(R answer, int records) {
      synchronized (out) {
        unanswered -= records;
        if (done || out.isCancelled()) {
          return;
        }
        out.onNext(answer);
        requestMore();
        completeIfAnswered();
      }
    }

    /** Ends the stream with an error; answers still on their way are dropped. */
    void fail(LedgerException e) {
      synchronized (out) {
        if (done || out.isCancelled()) {
          return;
        }
        done = true;
        out.onError(GrpcErrors.toException(e));
      }
    }

    private void requestMore() {
      while (!halfClosed && !done && out.isReady() && requested < messagesAhead && unanswered + requested < maxInFlight) {
        requested++;
        out.request(1);
      }
    }

    private void completeIfAnswered() {
      if (halfClosed && !done && unanswered == 0) {
        done = true;
        out.onCompleted();
      }
    }
  }

  // ---- Reads --------------------------------------------------------------------------------

  private void getEntry(GetEntryRequest req, StreamObserver<GetEntryResponse> out) {
    unary(out, () -> GetEntryResponse.newBuilder().setEntry(toProto(ledger.entry(checkedIndex("index", req.getIndex())))).build());
  }

  private void getReceipt(GetReceiptRequest req, StreamObserver<Receipt> out) {
    unary(out, () -> {
      org.baytrace.ledger.receipt.Receipt r = ledger.receipt(checkedIndex("index", req.getIndex()),
          checkedIndex("tree_size", req.getTreeSize()));
      Receipt.Builder b = Receipt.newBuilder().setRecord(ByteString.copyFrom(r.leaf())).setLeafIndex(r.leafIndex())
          .setCheckpoint(r.checkpoint());
      r.inclusionProof().forEach(h -> b.addInclusionProof(ByteString.copyFrom(h)));
      return b.build();
    });
  }

  private void getConsistencyProof(GetConsistencyProofRequest req, StreamObserver<ConsistencyProof> out) {
    unary(out, () -> {
      long from = checkedIndex("from_size", req.getFromSize());
      long to = checkedIndex("to_size", req.getToSize());
      List<Hash32> proof = ledger.consistencyProof(from, to);
      ConsistencyProof.Builder b = ConsistencyProof.newBuilder().setFromSize(from).setToSize(to);
      proof.forEach(h -> b.addProof(bytes(h)));
      return b.build();
    });
  }

  private void getCheckpoint(GetCheckpointRequest req, StreamObserver<Checkpoint> out) {
    unary(out, () -> Checkpoint.newBuilder()
        .setNote(req.getTreeSize() == 0 ? ledger.latestCheckpoint() : ledger.checkpointAt(req.getTreeSize()))
        .build());
  }

  private void clusterStatus(GetClusterStatusRequest req, StreamObserver<ClusterStatus> out) {
    unary(out, () -> {
      Members m = members.get();
      return ClusterStatus.newBuilder().setSelf(m.self()).setLeader(m.leader().orElse("")).addAllMembers(m.voting()).build();
    });
  }

  private void subjectHistory(GetSubjectHistoryRequest req, StreamObserver<Entry> out) {
    try {
      if (req.getSubject().isEmpty()) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, "subject: empty, want a trace code");
      }
      long from = 0;
      while (true) {
        List<StoredEntry> page = ledger.subjectHistory(req.getSubject(), from, HISTORY_PAGE);
        for (StoredEntry e : page) {
          out.onNext(toProto(e));
        }
        if (page.size() < HISTORY_PAGE) {
          break;
        }
        from = page.get(page.size() - 1).index() + 1;
      }
      out.onCompleted();
    } catch (RuntimeException e) {
      fail(out, e);
    }
  }

  /**
   * Sends stored entries from {@code from_index}, then each new one as it is appended, until
   * the client cancels. Respects flow control: waits while the client is not ready.
   */
  private void tail(TailRequest req, StreamObserver<Entry> responses) {
    ServerCallStreamObserver<Entry> out = (ServerCallStreamObserver<Entry>) responses;
    long from;
    try {
      from = checkedIndex("from_index", req.getFromIndex());
    } catch (RuntimeException e) {
      fail(out, e);
      return;
    }
    Object signal = new Object();
    Runnable wake = () -> {
      synchronized (signal) {
        signal.notifyAll();
      }
    };
    java.util.function.LongConsumer onAppend = size -> wake.run();
    out.setOnReadyHandler(wake);
    out.setOnCancelHandler(wake);
    ledger.onAppend(onAppend);
    tails.execute(() -> {
      long next = from;
      try {
        while (!out.isCancelled()) {
          long size = ledger.head().size();
          while (next < size && out.isReady() && !out.isCancelled()) {
            out.onNext(toProto(ledger.entry(next++)));
          }
          synchronized (signal) {
            if (!out.isCancelled() && (next >= ledger.head().size() || !out.isReady())) {
              signal.wait(1000);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!out.isCancelled()) {
          fail(out, e);
        }
      } finally {
        ledger.removeAppendListener(onAppend);
      }
    });
  }

  // ---- Helpers ------------------------------------------------------------------------------

  private static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      fail(out, e);
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  private static void fail(StreamObserver<?> out, RuntimeException e) {
    if (!(e instanceof LedgerException) && !(e instanceof IllegalArgumentException)) {
      LOG.log(Level.WARNING, "unexpected error serving a ledger call", e);
    }
    out.onError(GrpcErrors.toException(e));
  }

  /** uint64 fields arrive as longs; values of 2^63 and above are out of range. */
  private static long checkedIndex(String field, long value) {
    if (value < 0) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT,
          field + ": got " + Long.toUnsignedString(value) + ", want below 2^63");
    }
    return value;
  }

  static Entry toProto(StoredEntry e) {
    return Entry.newBuilder().setIndex(e.index()).setLogEntry(ByteString.copyFrom(e.leaf()))
        .setLeafHash(bytes(e.leafHash())).build();
  }

  private static ByteString bytes(Hash32 h) {
    return ByteString.copyFrom(h.toByteArray());
  }

  @Override
  public void close() {
    tails.shutdownNow();
  }

  /** Passes request bytes through unparsed, so the service can answer malformed ones itself. */
  static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("could not read request").withCause(e).asRuntimeException();
      }
    }
  }
}
