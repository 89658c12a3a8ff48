package org.baytrace.tracking.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.AppendBatchRequest;
import org.baytrace.api.ledger.v1.AppendBatchResponse;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.ClusterStatus;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetClusterStatusRequest;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import org.baytrace.api.ledger.v1.GetEntryRequest;
import org.baytrace.api.ledger.v1.GetReceiptRequest;
import org.baytrace.api.ledger.v1.GetSubjectHistoryRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.LedgerServiceLimits;
import org.baytrace.api.ledger.v1.TailRequest;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.SubjectChain;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC ledger service on a real loopback port over a RocksDB ledger. */
class LedgerGrpcServiceTest {
  private static final String ORG = "org1";

  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();
  private final NoteSigner nodeSigner = new NoteSigner("test-node", SigningKey.generate());
  private Ledger ledger;
  private Sequencer sequencer;
  private LedgerGrpcService service;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, nodeSigner,
        AuthorPolicy.registeredKeys(Map.of(author.publicKey(), ORG)), RecordLimits.DEFAULT, Clock.systemUTC()),
        LedgerStores.openRocksDb(dir));
    sequencer = new Sequencer(ledger, 2, 100, Duration.ofMillis(1), 4096);
    service = new LedgerGrpcService(ledger, sequencer, 64, "test-node");
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service.definition())
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    service.close();
    sequencer.close();
    ledger.close();
  }

  private byte[] record(String subject, String nonce) {
    return TestRecords.signed(author, ORG, List.of(subject), nonce);
  }

  /** Streams records on one Append stream and returns the responses by correlation id. */
  private Map<Long, AppendResponse> appendAll(List<byte[]> records) throws InterruptedException {
    Map<Long, AppendResponse> responses = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    StreamObserver<AppendRequest> req = LedgerServiceGrpc.newStub(channel).append(new StreamObserver<>() {
      @Override
      public void onNext(AppendResponse r) {
        responses.put(r.getCorrelationId(), r);
      }

      @Override
      public void onError(Throwable t) {
        failure[0] = t;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    });
    for (int i = 0; i < records.size(); i++) {
      req.onNext(AppendRequest.newBuilder().setCorrelationId(i + 1).setSignedRecord(ByteString.copyFrom(records.get(i))).build());
    }
    req.onCompleted();
    assertTrue(done.await(60, TimeUnit.SECONDS), "append stream did not finish");
    if (failure[0] != null) {
      throw new AssertionError("append stream failed", failure[0]);
    }
    return responses;
  }

  private static ErrorInfo errorInfo(com.google.rpc.Status s) throws Exception {
    assertEquals(1, s.getDetailsCount(), "error carries an ErrorInfo detail");
    return s.getDetails(0).unpack(ErrorInfo.class);
  }

  @Test
  void append_manyRecordsInFlight_eachGetsItsOwnIndexAndLeafHash() throws Exception {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      records.add(record("urn:test:s" + (i % 7), "n" + i));
    }
    Map<Long, AppendResponse> responses = appendAll(records);
    assertEquals(500, responses.size());
    Set<Long> indexes = new HashSet<>();
    for (AppendResponse r : responses.values()) {
      assertTrue(r.hasAppended(), () -> "refused: " + r.getError());
      assertTrue(indexes.add(r.getAppended().getIndex()));
      assertTrue(r.getAppended().getTreeSize() > r.getAppended().getIndex());
      Entry e = LedgerServiceGrpc.newBlockingStub(channel)
          .getEntry(GetEntryRequest.newBuilder().setIndex(r.getAppended().getIndex()).build()).getEntry();
      assertEquals(r.getAppended().getLeafHash(), e.getLeafHash());
    }
    assertEquals(500, ledger.head().size());
    // Each response belongs to the record with its correlation id.
    for (long id = 1; id <= 500; id++) {
      byte[] stored = ledger.entry(responses.get(id).getAppended().getIndex()).leaf();
      byte[] signed = records.get((int) id - 1);
      assertTrue(org.baytrace.api.ledger.v1.LogEntry.parseFrom(stored).getSignedRecord().equals(ByteString.copyFrom(signed)));
    }
  }

  @Test
  void append_duplicate_returnsFirstIndexAndStoresNothing() throws Exception {
    byte[] r = record("urn:test:dup", "same");
    long first = appendAll(List.of(r)).get(1L).getAppended().getIndex();
    TreeHead before = ledger.head();
    AppendResponse again = appendAll(List.of(r)).get(1L);
    assertTrue(again.hasAppended());
    assertEquals(first, again.getAppended().getIndex());
    assertTrue(again.getAppended().getDuplicate());
    assertEquals(before, ledger.head());
  }

  @Test
  void append_badInput_getsPreciseErrors_andChangesNothing() throws Exception {
    appendAll(List.of(record("urn:test:a", "seed")));
    TreeHead before = ledger.head();
    SigningKey stranger = SigningKey.generate();
    byte[] good = record("urn:test:a", "good");
    byte[] badSig = good.clone();
    badSig[badSig.length - 5] ^= 0x01; // inside the last signature's bytes
    byte[] otherOrigin = Records.sign(TestRecords.body(ORG, List.of("urn:test:a"), "o").setOrigin("other.example/ledger")
        .build().toByteArray(), author);
    byte[] noSubjects = Records.sign(TestRecords.body(ORG, List.of(), "e").build().toByteArray(), author);
    byte[] unknownKey = TestRecords.signed(stranger, ORG, List.of("urn:test:a"), "u");
    byte[] wrongOrg = TestRecords.signed(author, "org2", List.of("urn:test:a"), "w");
    byte[] tooBig = Records.sign(TestRecords.body(ORG, List.of("urn:test:a"), "big")
        .setContent(ByteString.copyFrom(new byte[70 * 1024])).build().toByteArray(), author);
    byte[] malformed = {0x0a, 0x05, 0x01, 0x02};

    List<byte[]> bad = List.of(malformed, tooBig, badSig, unknownKey, otherOrigin, noSubjects, wrongOrg);
    List<String> wantReason = List.of("MALFORMED_RECORD", "RECORD_TOO_LARGE", "SIGNATURE_INVALID", "UNKNOWN_KEY",
        "WRONG_ORIGIN", "INVALID_FIELD", "NOT_AUTHORISED");
    List<Status.Code> wantCode = List.of(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED,
        Status.Code.INVALID_ARGUMENT, Status.Code.PERMISSION_DENIED, Status.Code.INVALID_ARGUMENT,
        Status.Code.INVALID_ARGUMENT, Status.Code.PERMISSION_DENIED);
    Map<Long, AppendResponse> responses = appendAll(bad);
    for (int i = 0; i < bad.size(); i++) {
      AppendResponse r = responses.get((long) i + 1);
      assertTrue(r.hasError(), "record " + i + " must be refused");
      assertEquals(wantCode.get(i), Status.fromCodeValue(r.getError().getCode()).getCode(), r.getError().getMessage());
      assertEquals(wantReason.get(i), errorInfo(r.getError()).getReason(), r.getError().getMessage());
      assertFalse(r.getError().getMessage().isBlank());
    }
    assertTrue(responses.get(5L).getError().getMessage().contains("other.example/ledger"));
    assertEquals(before, ledger.head(), "refused records change nothing");

    // 1,000 random byte strings: each refused as malformed, nothing stored, node still serving.
    Random rnd = new Random(42);
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      byte[] b = new byte[1 + rnd.nextInt(300)];
      rnd.nextBytes(b);
      garbage.add(b);
    }
    Map<Long, AppendResponse> garbageResponses = appendAll(garbage);
    assertEquals(1000, garbageResponses.size());
    for (AppendResponse r : garbageResponses.values()) {
      assertTrue(r.hasError());
      assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromCodeValue(r.getError().getCode()).getCode(), r.getError().getMessage());
    }
    assertEquals(before, ledger.head());
    assertTrue(appendAll(List.of(good)).get(1L).hasAppended(), "node keeps serving after bad input");
  }

  /** Sends each list as one AppendBatchRequest on one AppendBatch stream; the answers in arrival order. */
  private List<AppendBatchResponse> appendBatches(List<List<byte[]>> batches) throws InterruptedException {
    List<AppendBatchResponse> responses = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    StreamObserver<AppendBatchRequest> req = LedgerServiceGrpc.newStub(channel).appendBatch(new StreamObserver<>() {
      @Override
      public void onNext(AppendBatchResponse r) {
        responses.add(r);
      }

      @Override
      public void onError(Throwable t) {
        failure[0] = t;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    });
    long id = 1;
    for (List<byte[]> batch : batches) {
      AppendBatchRequest.Builder b = AppendBatchRequest.newBuilder();
      for (byte[] r : batch) {
        b.addRequests(AppendRequest.newBuilder().setCorrelationId(id++).setSignedRecord(ByteString.copyFrom(r)));
      }
      req.onNext(b.build());
    }
    req.onCompleted();
    assertTrue(done.await(60, TimeUnit.SECONDS), "append batch stream did not finish");
    if (failure[0] != null) {
      throw new AssertionError("append batch stream failed", failure[0]);
    }
    return responses;
  }

  @Test
  void appendBatch_manyBatchesInFlight_oneAnswerPerBatch_oneResponsePerRecordInOrder() throws Exception {
    // 40 batches of 50 records: more records than the service's 64 in flight, so flow control
    // must read further batches as answers go out.
    List<List<byte[]>> batches = new ArrayList<>();
    List<byte[]> all = new ArrayList<>();
    for (int b = 0; b < 40; b++) {
      List<byte[]> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        byte[] r = record("urn:test:s" + (i % 7), "b" + b + "-" + i);
        batch.add(r);
        all.add(r);
      }
      batches.add(batch);
    }
    List<AppendBatchResponse> answers = appendBatches(batches);
    assertEquals(40, answers.size(), "one answer per batch");
    Set<Long> indexes = new HashSet<>();
    for (AppendBatchResponse answer : answers) {
      assertEquals(50, answer.getResponsesCount());
      long first = answer.getResponses(0).getCorrelationId();
      assertEquals(1, first % 50, "an answer holds one batch's records, from its first");
      for (int i = 0; i < 50; i++) {
        AppendResponse r = answer.getResponses(i);
        assertEquals(first + i, r.getCorrelationId(), "responses in request order");
        assertTrue(r.hasAppended(), () -> "refused: " + r.getError());
        assertTrue(indexes.add(r.getAppended().getIndex()));
        byte[] stored = ledger.entry(r.getAppended().getIndex()).leaf();
        assertEquals(ByteString.copyFrom(all.get((int) r.getCorrelationId() - 1)),
            org.baytrace.api.ledger.v1.LogEntry.parseFrom(stored).getSignedRecord(), "the record with that correlation id");
        assertEquals(Rfc9162.leafHash(stored), Hash32.of(r.getAppended().getLeafHash().toByteArray()));
      }
    }
    assertEquals(2000, ledger.head().size());
  }

  @Test
  void appendBatch_badRecordsAreRefusedOneByOne_theOthersStored() throws Exception {
    appendAll(List.of(record("urn:test:a", "seed")));
    long before = ledger.head().size();
    byte[] good1 = record("urn:test:a", "g1");
    byte[] good2 = record("urn:test:b", "g2");
    byte[] badSig = record("urn:test:a", "bad");
    badSig[badSig.length - 5] ^= 0x01;
    byte[] unknownKey = TestRecords.signed(SigningKey.generate(), ORG, List.of("urn:test:a"), "u");
    byte[] malformed = {0x0a, 0x05, 0x01, 0x02};
    List<AppendBatchResponse> answers = appendBatches(List.of(List.of(good1, badSig, malformed, unknownKey, good2)));
    assertEquals(1, answers.size());
    List<AppendResponse> r = answers.get(0).getResponsesList();
    assertEquals(5, r.size());
    assertTrue(r.get(0).hasAppended());
    assertEquals("SIGNATURE_INVALID", errorInfo(r.get(1).getError()).getReason());
    assertEquals("MALFORMED_RECORD", errorInfo(r.get(2).getError()).getReason());
    assertEquals("UNKNOWN_KEY", errorInfo(r.get(3).getError()).getReason());
    assertEquals(Status.Code.PERMISSION_DENIED, Status.fromCodeValue(r.get(3).getError().getCode()).getCode());
    assertTrue(r.get(4).hasAppended());
    assertEquals(before + 2, ledger.head().size(), "only the two good records are stored");
  }

  @Test
  void appendBatch_overTheRecordLimit_endsTheStream_andChangesNothing() throws Exception {
    appendAll(List.of(record("urn:test:a", "seed")));
    TreeHead before = ledger.head();
    List<byte[]> tooMany = new ArrayList<>();
    for (int i = 0; i <= LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS; i++) {
      tooMany.add(record("urn:test:many", "m" + i));
    }
    AssertionError ended = assertThrows(AssertionError.class, () -> appendBatches(List.of(tooMany)));
    Status status = Status.fromThrowable(ended.getCause());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
    assertTrue(status.getDescription().contains("at most " + LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS), status.getDescription());
    assertEquals("BATCH_TOO_LARGE", errorInfo(io.grpc.protobuf.StatusProto.fromThrowable(ended.getCause())).getReason());
    assertEquals(before, ledger.head(), "nothing of the refused batch was stored");
    assertTrue(appendBatches(List.of(List.of(record("urn:test:a", "after")))).get(0).getResponses(0).hasAppended(),
        "the node serves the next stream");
  }

  /**
   * Sends {@code messages} as raw bytes on a bidi-streaming method (so they need not be valid
   * protobuf), half-closes, and returns what the node answered; the stream must end OK.
   */
  private <R> List<R> rawStream(MethodDescriptor<?, R> method, List<byte[]> messages) throws InterruptedException {
    MethodDescriptor<byte[], R> raw = method.toBuilder(new LedgerGrpcService.RawBytes(), method.getResponseMarshaller()).build();
    ClientCall<byte[], R> call = channel.newCall(raw, CallOptions.DEFAULT);
    List<R> got = new CopyOnWriteArrayList<>();
    CountDownLatch closed = new CountDownLatch(1);
    Status[] status = new Status[1];
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(R message) {
        got.add(message);
      }

      @Override
      public void onClose(Status s, Metadata trailers) {
        status[0] = s;
        closed.countDown();
      }
    }, new Metadata());
    call.request(messages.size() + 1);
    messages.forEach(call::sendMessage);
    call.halfClose();
    assertTrue(closed.await(30, TimeUnit.SECONDS), "stream did not end");
    assertEquals(Status.Code.OK, status[0].getCode(), () -> "stream ended with " + status[0]);
    return got;
  }

  @Test
  void appendBatch_messageThatIsNotABatch_isAnsweredAndTheStreamGoesOn() throws Exception {
    TreeHead before = ledger.head();
    List<AppendBatchResponse> got = rawStream(LedgerServiceGrpc.getAppendBatchMethod(), List.of(
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}, // invalid wire format
        AppendBatchRequest.newBuilder().addRequests(AppendRequest.newBuilder().setCorrelationId(9)
            .setSignedRecord(ByteString.copyFrom(record("urn:test:r", "r")))).build().toByteArray()));
    assertEquals(2, got.size());
    AppendResponse malformed = got.stream().map(b -> b.getResponses(0)).filter(AppendResponse::hasError).findFirst().orElseThrow();
    assertEquals("MALFORMED_RECORD", errorInfo(malformed.getError()).getReason());
    assertTrue(malformed.getError().getMessage().contains("AppendBatchRequest"));
    AppendResponse ok = got.stream().map(b -> b.getResponses(0)).filter(AppendResponse::hasAppended).findFirst().orElseThrow();
    assertEquals(9, ok.getCorrelationId());
    assertEquals(before.size() + 1, ledger.head().size());
  }

  @Test
  void append_requestThatIsNotAnAppendRequest_isAnsweredAndTheStreamGoesOn() throws Exception {
    TreeHead before = ledger.head();
    List<AppendResponse> got = rawStream(LedgerServiceGrpc.getAppendMethod(), List.of(
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}, // invalid wire format
        AppendRequest.newBuilder().setCorrelationId(9).setSignedRecord(ByteString.copyFrom(record("urn:test:r", "r")))
            .build().toByteArray()));
    assertEquals(2, got.size());
    AppendResponse malformed = got.stream().filter(AppendResponse::hasError).findFirst().orElseThrow();
    assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromCodeValue(malformed.getError().getCode()).getCode());
    assertEquals("MALFORMED_RECORD", errorInfo(malformed.getError()).getReason());
    AppendResponse ok = got.stream().filter(AppendResponse::hasAppended).findFirst().orElseThrow();
    assertEquals(9, ok.getCorrelationId());
    assertEquals(before.size() + 1, ledger.head().size());
  }

  @Test
  void clusterStatus_ofASingleNode_isTheNodeAloneAsLeaderAndOnlyMember() {
    ClusterStatus status = LedgerServiceGrpc.newBlockingStub(channel).getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
    assertEquals("test-node", status.getSelf());
    assertEquals("test-node", status.getLeader());
    assertEquals(List.of("test-node"), status.getMembersList());
  }

  @Test
  void receipt_andConsistencyProof_fromGrpc_verifyOffline() throws Exception {
    List<byte[]> first = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      first.add(record("urn:test:r" + (i % 3), "a" + i));
    }
    appendAll(first);
    var stub = LedgerServiceGrpc.newBlockingStub(channel);
    String oldNote = stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
    List<byte[]> more = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      more.add(record("urn:test:r" + (i % 3), "b" + i));
    }
    appendAll(more);
    String newNote = stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
    var trusted = List.of(nodeSigner.verifier());
    var oldCp = CheckpointVerifier.verify(oldNote, TestRecords.ORIGIN, trusted, 1).checkpoint();
    var newCp = CheckpointVerifier.verify(newNote, TestRecords.ORIGIN, trusted, 1).checkpoint();
    assertEquals(57, newCp.size());

    var proof = stub.getConsistencyProof(GetConsistencyProofRequest.newBuilder().setFromSize(oldCp.size())
        .setToSize(newCp.size()).build());
    MerkleVerifier.verifyConsistency(oldCp.size(), newCp.size(), oldCp.root(), newCp.root(),
        proof.getProofList().stream().map(ByteString::toByteArray).toList());

    for (long index : new long[] {0, 13, 36}) {
      var r = stub.getReceipt(GetReceiptRequest.newBuilder().setIndex(index).setTreeSize(oldCp.size()).build());
      Receipt receipt = new Receipt(r.getRecord().toByteArray(), r.getLeafIndex(), r.getCheckpoint(),
          r.getInclusionProofList().stream().map(ByteString::toByteArray).toList());
      var v = ReceiptVerifier.trusting(trusted, 1).forOrigin(TestRecords.ORIGIN).verify(Receipt.fromJson(receipt.toJson()));
      assertEquals(index, v.index());
      assertEquals(oldCp.size(), v.checkpoint().checkpoint().size());
    }
    var latest = stub.getReceipt(GetReceiptRequest.newBuilder().setIndex(50).build());
    assertEquals(newNote, latest.getCheckpoint());
  }

  @Test
  void checkpoint_forAStatedTreeSize_isThisNodesNoteOverItsRootAtThatSize() throws Exception {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      records.add(record("urn:test:c", "c" + i));
    }
    appendAll(records);
    var stub = LedgerServiceGrpc.newBlockingStub(channel);
    String note = stub.getCheckpoint(GetCheckpointRequest.newBuilder().setTreeSize(4).build()).getNote();
    var cp = CheckpointVerifier.verify(note, TestRecords.ORIGIN, List.of(nodeSigner.verifier()), 1).checkpoint();
    assertEquals(4, cp.size());
    assertEquals(ledger.rootAt(4), cp.root());

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.getCheckpoint(GetCheckpointRequest.newBuilder().setTreeSize(10).build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals("TREE_SIZE_OUT_OF_RANGE", errorInfo(StatusProto.fromThrowable(e)).getReason());
    assertEquals(9, ledger.head().size(), "reads change nothing");
  }

  @Test
  void reads_outOfRange_areNotFoundWithReason() throws Exception {
    appendAll(List.of(record("urn:test:x", "x")));
    var stub = LedgerServiceGrpc.newBlockingStub(channel);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.getEntry(GetEntryRequest.newBuilder().setIndex(5).build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    com.google.rpc.Status detail = StatusProto.fromThrowable(e);
    assertNotNull(detail);
    assertEquals("INDEX_OUT_OF_RANGE", errorInfo(detail).getReason());

    e = assertThrows(StatusRuntimeException.class, () -> stub.getConsistencyProof(
        GetConsistencyProofRequest.newBuilder().setFromSize(1).setToSize(99).build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    e = assertThrows(StatusRuntimeException.class, () -> stub.getReceipt(
        GetReceiptRequest.newBuilder().setIndex(-1L).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }

  @Test
  void tail_streamsStoredEntriesThenNewOnes() throws Exception {
    List<byte[]> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(record("urn:test:t", "t" + i));
    }
    appendAll(first);
    Iterator<Entry> tail = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .tail(TailRequest.newBuilder().setFromIndex(2).build());
    for (long i = 2; i < 5; i++) {
      assertEquals(i, tail.next().getIndex());
    }
    appendAll(List.of(record("urn:test:t", "later")));
    Entry next = tail.next();
    assertEquals(5, next.getIndex());
    assertEquals(Base64.getEncoder().encodeToString(ledger.entry(5).leafHash().toByteArray()),
        Base64.getEncoder().encodeToString(next.getLeafHash().toByteArray()));
  }

  @Test
  void subjectHistory_isTheSubjectsChainInOrder() throws Exception {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(record(i % 2 == 0 ? "urn:test:even" : "urn:test:odd", "h" + i));
    }
    appendAll(records);
    List<byte[]> leaves = new ArrayList<>();
    LedgerServiceGrpc.newBlockingStub(channel).getSubjectHistory(GetSubjectHistoryRequest.newBuilder()
        .setSubject("urn:test:even").build()).forEachRemaining(e -> leaves.add(e.getLogEntry().toByteArray()));
    assertEquals(15, leaves.size());
    SubjectChain.verify("urn:test:even", leaves);
    Hash32 last = Hash32.of(ledger.subjectHistory("urn:test:even", 0, 100).get(14).leafHash().toByteArray());
    assertEquals(last, org.baytrace.ledger.merkle.Rfc9162.leafHash(leaves.get(14)));
  }

  @Test
  void unaryRequest_thatIsNotProtobuf_isInvalidArgument() throws Exception {
    MethodDescriptor<byte[], org.baytrace.api.ledger.v1.GetEntryResponse> raw = LedgerServiceGrpc.getGetEntryMethod()
        .toBuilder(new LedgerGrpcService.RawBytes(), LedgerServiceGrpc.getGetEntryMethod().getResponseMarshaller()).build();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> io.grpc.stub.ClientCalls.blockingUnaryCall(
        channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
  }
}
