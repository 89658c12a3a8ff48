package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import org.baytrace.api.ledger.v1.GetEntryRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.record.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability end to end: a node in its own process is SIGKILLed while a client streams appends;
 * after a restart every acknowledged record is there with the same index and leaf hash, and the
 * recovered tree is consistent with the last checkpoint the client saw. Five rounds on one data
 * directory.
 */
class NodeDurabilityIT {
  @TempDir Path work;

  @Test
  void killedNode_losesNoAcknowledgedRecord_acrossFiveCrashes() throws Exception {
    Random rnd = new Random();
    Map<Long, ByteString> acknowledged = new ConcurrentHashMap<>();
    String lastNote = null;
    for (int round = 0; round < 5; round++) {
      NodeProcess node = NodeProcess.start(work);
      NoteVerifier vkey = NoteVerifier.parse(node.verifierKey);
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort).usePlaintext().build();
      try {
        var stub = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
        // Everything acknowledged in earlier rounds survived the kill, unchanged.
        for (Map.Entry<Long, ByteString> e : acknowledged.entrySet()) {
          assertEquals(e.getValue(), stub.getEntry(GetEntryRequest.newBuilder().setIndex(e.getKey()).build())
              .getEntry().getLeafHash(), "leaf hash of acknowledged entry " + e.getKey() + " after round " + round);
        }
        String note = stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
        Checkpoint now = CheckpointVerifier.verify(note, null, List.of(vkey), 1).checkpoint();
        assertTrue(now.size() >= acknowledged.size(), "recovered tree holds every acknowledged record");
        if (lastNote != null) {
          Checkpoint seen = CheckpointVerifier.verify(lastNote, now.origin(), List.of(vkey), 1).checkpoint();
          var proof = stub.getConsistencyProof(GetConsistencyProofRequest.newBuilder().setFromSize(seen.size())
              .setToSize(now.size()).build());
          MerkleVerifier.verifyConsistency(seen.size(), now.size(), seen.root(), now.root(),
              proof.getProofList().stream().map(ByteString::toByteArray).toList());
        }

        // Stream appends until the node is killed at a random moment.
        SigningKey author = KeyFiles.loadPrivate(work.resolve("data/node.key"));
        AtomicReference<Throwable> streamEnd = new AtomicReference<>();
        List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
        int r = round;
        StreamObserver<AppendRequest> req = LedgerServiceGrpc.newStub(ch).append(new StreamObserver<>() {
          @Override
          public void onNext(AppendResponse resp) {
            if (!resp.hasAppended()) {
              refusals.add(resp.getError().getMessage());
              return;
            }
            acknowledged.put(resp.getAppended().getIndex(), resp.getAppended().getLeafHash());
          }

          @Override
          public void onError(Throwable t) {
            streamEnd.set(t);
          }

          @Override
          public void onCompleted() {
            streamEnd.set(new IllegalStateException("completed"));
          }
        });
        Thread sender = new Thread(() -> {
          try {
            for (int i = 0; streamEnd.get() == null; i++) {
              byte[] body = org.baytrace.api.ledger.v1.RecordBody.newBuilder().setOrigin(now.origin())
                  .setKind("test.Durability").addSubjects("urn:test:crash:" + (i % 10)).setAuthorOrg("local")
                  .setEventTimeUnixMillis(System.currentTimeMillis())
                  .setNonce(ByteString.copyFrom(("round " + r + " record " + i).getBytes(StandardCharsets.UTF_8)))
                  .build().toByteArray();
              synchronized (req) {
                req.onNext(AppendRequest.newBuilder().setCorrelationId(i).setSignedRecord(ByteString.copyFrom(
                    Records.sign(body, author))).build());
              }
              if (i % 200 == 199) {
                Thread.sleep(5); // keep the stream's buffer bounded
              }
            }
          } catch (InterruptedException | RuntimeException e) {
            // the stream died with the node
          }
        });
        sender.start();
        Thread.sleep(400 + rnd.nextInt(1200)); // appends for a random while before the kill
        lastNote = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
        Thread.sleep(rnd.nextInt(300)); // and a random moment after the checkpoint read
        node.kill();
        sender.join(10_000);
        assertEquals(List.of(), refusals, "no record was refused");
        assertTrue(acknowledged.size() > 0, "some appends were acknowledged before the kill");
      } finally {
        ch.shutdownNow();
        node.close();
      }
    }
    // One last restart to check the final round's acknowledgements.
    try (NodeProcess node = NodeProcess.start(work)) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort).usePlaintext().build();
      try {
        var stub = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
        for (Map.Entry<Long, ByteString> e : acknowledged.entrySet()) {
          assertEquals(e.getValue(), stub.getEntry(GetEntryRequest.newBuilder().setIndex(e.getKey()).build())
              .getEntry().getLeafHash(), "leaf hash of acknowledged entry " + e.getKey());
        }
        NoteVerifier vkey = NoteVerifier.parse(node.verifierKey);
        Checkpoint now = CheckpointVerifier.verify(stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote(),
            null, List.of(vkey), 1).checkpoint();
        Checkpoint seen = CheckpointVerifier.verify(lastNote, now.origin(), List.of(vkey), 1).checkpoint();
        MerkleVerifier.verifyConsistency(seen.size(), now.size(), seen.root(), now.root(),
            stub.getConsistencyProof(GetConsistencyProofRequest.newBuilder().setFromSize(seen.size()).setToSize(now.size())
                .build()).getProofList().stream().map(ByteString::toByteArray).toList());
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
