package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.testing.Await;
import org.baytrace.tracking.node.BayTraceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baytrace backup} of a running node under load and {@code baytrace restore}: the restored
 * node serves the backup's history, consistent with the live ledger; it signs nothing past the
 * backup until the operator confirms the newest checkpoint the node published. Real RocksDB,
 * gRPC and HTTP on loopback; the node runs in this JVM.
 */
class BackupRestoreTest {
  private static final HostPort ANY = new HostPort("127.0.0.1", 0);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void backupUnderLoad_restores_aHistoryConsistentWithTheLiveOne_andTheRestoredNodeSignsNothingPastItUntilConfirmed()
      throws Exception {
    Path liveData = dir.resolve("live");
    Path backupDir = dir.resolve("backup");
    Path restoredData = dir.resolve("restored");
    NodeConfig liveConfig = config(liveData);
    String earlyNote;
    Checkpoint backupCp;
    String liveNote;
    try (BayTraceNode live = start(liveConfig)) {
      SigningKey key = KeyFiles.loadPrivate(liveConfig.keyFile());
      try (Load load = new Load(live, liveConfig, key)) {
        load.awaitSize(300);
        earlyNote = live.ledger().latestCheckpoint(); // what a partner saw before the backup
        long before = live.ledger().head().size();
        Cli.Result backup = Cli.run("backup", "--out", backupDir.toString(), "--admin", "127.0.0.1:" + live.adminPort(),
            "--token-file", liveData.resolve("admin.token").toString());
        assertEquals(BayTrace.OK, backup.exitCode(), backup.out() + backup.err());
        backupCp = CheckpointVerifier.verify(Files.readString(backupDir.resolve("signed-checkpoint")),
            liveConfig.origin(), List.of(live.ledger().verifierKey()), 1).checkpoint();
        assertTrue(backupCp.size() >= before, backupCp.size() + " < " + before);
        assertTrue(backup.out().contains("tree size " + String.format("%,d", backupCp.size())), backup.out());
        load.awaitSize(backupCp.size() + 200); // the node kept appending
        assertNull(load.failure.get(), "no append was refused or lost while the backup was made");
      }
      liveNote = live.ledger().latestCheckpoint();
      Checkpoint liveCp = Checkpoint.parse(org.baytrace.ledger.checkpoint.SignedNote.parse(liveNote).text());
      assertTrue(liveCp.size() > backupCp.size());

      // A client's check, over the live node's HTTP API: the backup's checkpoint is a prefix of the live one.
      JsonNode proof = getJson(live.httpPort(), "/v1/ledger/consistency?from=" + backupCp.size() + "&to=" + liveCp.size());
      List<byte[]> hashes = new ArrayList<>();
      proof.get("consistencyProof").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
      MerkleVerifier.verifyConsistency(backupCp.size(), liveCp.size(), backupCp.root(), liveCp.root(), hashes);
      byte[] tampered = hashes.get(0).clone();
      tampered[0] ^= 1;
      List<byte[]> bad = new ArrayList<>(hashes);
      bad.set(0, tampered);
      assertThrowsVerification(() -> MerkleVerifier.verifyConsistency(backupCp.size(), liveCp.size(), backupCp.root(),
          liveCp.root(), bad));
    }

    Cli.Result restore = Cli.run("restore", backupDir.toString(), "--data", restoredData.toString(),
        "--key", liveData.resolve("node.key").toString());
    assertEquals(BayTrace.OK, restore.exitCode(), restore.out() + restore.err());
    assertTrue(Files.exists(restoredData.resolve("restored-from")));
    Cli.Result again = Cli.run("restore", backupDir.toString(), "--data", restoredData.toString());
    assertEquals(BayTrace.USAGE, again.exitCode(), "a restore never overwrites a ledger: " + again.err());

    NodeConfig restoredConfig = config(restoredData);
    SigningKey key = KeyFiles.loadPrivate(restoredConfig.keyFile());
    try (BayTraceNode restored = start(restoredConfig)) {
      assertEquals(backupCp.size(), restored.ledger().head().size());
      assertEquals(backupCp.root(), restored.ledger().head().root());
      Checkpoint served = CheckpointVerifier.verify(restored.ledger().latestCheckpoint(), restoredConfig.origin(),
          List.of(restored.ledger().verifierKey()), 1).checkpoint();
      assertEquals(backupCp, served);
      HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restored.adminPort()
          + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), "it serves reads: " + ready.body());
      assertEquals(backupCp.size(), JSON.readTree(ready.body()).at("/store/restoredFromBackupOfSize").asLong());

      AppendResponse refused = appendOne(restored, record(restoredConfig, key, "after-restore"));
      assertTrue(refused.hasError(), refused.toString());
      assertEquals(9, refused.getError().getCode(), "FAILED_PRECONDITION: " + refused);
      assertTrue(refused.getError().getMessage().contains("restored from a backup"), refused.getError().getMessage());
      assertEquals(backupCp.size(), restored.ledger().head().size(), "nothing appended, nothing signed past the backup");
    }

    // The newest published checkpoint is past the backup: those entries are lost with it; the node stays read-only.
    Path liveFile = Files.writeString(dir.resolve("live.checkpoint"), liveNote);
    Cli.Result past = Cli.run("restore", "--accept-published", liveFile.toString(), "--data", restoredData.toString());
    assertEquals(BayTrace.FAILED, past.exitCode(), past.out() + past.err());
    assertTrue(past.err().contains("are not in this backup"), past.err());
    // A checkpoint of an earlier size signed by the node's key over another root: a fork, refused.
    Checkpoint early = Checkpoint.parse(org.baytrace.ledger.checkpoint.SignedNote.parse(earlyNote).text());
    String fork = new NoteSigner(restoredConfig.nodeName(), key).sign(new Checkpoint(early.origin(), early.size(),
        Hash32.of(new byte[32]))).format();
    Cli.Result forked = Cli.run("restore", "--accept-published", Files.writeString(dir.resolve("fork.checkpoint"), fork)
        .toString(), "--data", restoredData.toString());
    assertEquals(BayTrace.FAILED, forked.exitCode(), forked.out() + forked.err());
    assertTrue(forked.err().contains("a different history"), forked.err());
    // Signed by another key: not this node's checkpoint.
    String stranger = new NoteSigner(restoredConfig.nodeName(), SigningKey.generate()).sign(early).format();
    Cli.Result foreign = Cli.run("restore", "--accept-published",
        Files.writeString(dir.resolve("stranger.checkpoint"), stranger).toString(), "--data", restoredData.toString());
    assertEquals(BayTrace.USAGE, foreign.exitCode(), foreign.out() + foreign.err());
    assertTrue(Files.exists(restoredData.resolve("restored-from")), "still read-only after three refusals");

    Path earlyFile = Files.writeString(dir.resolve("early.checkpoint"), earlyNote);
    Cli.Result accepted = Cli.run("restore", "--accept-published", earlyFile.toString(), "--data", restoredData.toString());
    assertEquals(BayTrace.OK, accepted.exitCode(), accepted.out() + accepted.err());
    assertFalse(Files.exists(restoredData.resolve("restored-from")));
    try (BayTraceNode confirmed = start(restoredConfig)) {
      AppendResponse appended = appendOne(confirmed, record(restoredConfig, key, "after-confirmation"));
      assertTrue(appended.hasAppended(), appended.toString());
      assertEquals(backupCp.size(), appended.getAppended().getIndex());
    }
  }

  @Test
  void restoreForAMember_needsNoConfirmation_andANodeWithoutPeersRefusesToStartOnIt() throws Exception {
    Path liveData = dir.resolve("live");
    Path backupDir = dir.resolve("backup");
    Path restoredData = dir.resolve("restored");
    NodeConfig liveConfig = config(liveData);
    try (BayTraceNode live = start(liveConfig)) {
      SigningKey key = KeyFiles.loadPrivate(liveConfig.keyFile());
      for (int i = 0; i < 3; i++) {
        assertTrue(appendOne(live, record(liveConfig, key, "member-" + i)).hasAppended());
      }
      org.baytrace.ledger.backup.Backup.create(live.ledger(), backupDir);
    }
    Cli.Result restore = Cli.run("restore", backupDir.toString(), "--data", restoredData.toString(), "--member",
        "--key", liveData.resolve("node.key").toString());
    assertEquals(BayTrace.OK, restore.exitCode(), restore.out() + restore.err());
    assertTrue(restore.out().contains("catches up from them"), restore.out());
    assertTrue(Files.exists(restoredData.resolve("restored-member-from")), "the member's marker");
    assertFalse(Files.exists(restoredData.resolve("restored-from")), "nothing for the operator to confirm");
    Cli.Result confirm = Cli.run("restore", "--accept-published", backupDir.resolve("signed-checkpoint").toString(),
        "--data", restoredData.toString(), "--member");
    assertEquals(BayTrace.USAGE, confirm.exitCode(), confirm.out() + confirm.err());

    org.baytrace.ledger.error.LedgerException refused = org.junit.jupiter.api.Assertions.assertThrows(
        org.baytrace.ledger.error.LedgerException.class, () -> start(config(restoredData)));
    assertEquals(org.baytrace.ledger.error.LedgerError.RESTORED_FROM_BACKUP, refused.error());
    assertTrue(refused.getMessage().contains("lists no [[peers]] to catch up from"), refused.getMessage());
  }

  private NodeConfig config(Path data) {
    return NodeConfig.defaults().withDataDir(data).withGrpcListen(ANY).withHttpListen(ANY).withAdminListen(ANY);
  }

  private static BayTraceNode start(NodeConfig config) throws Exception {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static byte[] record(NodeConfig config, SigningKey key, String nonce) {
    return Records.sign(TestRecords.body(BayTraceNode.LOCAL_ORG, List.of("urn:baytrace:test:" + nonce), nonce)
        .setOrigin(config.origin()).build().toByteArray(), key);
  }

  private static JsonNode getJson(int port, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static void assertThrowsVerification(org.junit.jupiter.api.function.Executable e) {
    org.junit.jupiter.api.Assertions.assertThrows(org.baytrace.ledger.verify.VerificationException.class, e);
  }

  private static AppendResponse appendOne(BayTraceNode node, byte[] record) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
    try (AppendClient client = new AppendClient(channel, 1)) {
      AtomicReference<AppendResponse> got = new AtomicReference<>();
      client.submit(0, record, got::set);
      client.finish(30);
      assertTrue(got.get() != null, "no answer");
      return got.get();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Appends distinct records to a node from a thread of its own until closed. */
  private static final class Load implements AutoCloseable {
    final AtomicReference<String> failure = new AtomicReference<>();
    private final BayTraceNode node;
    private final ManagedChannel channel;
    private final Thread thread;
    private volatile boolean stop;
    private final AtomicLong answered = new AtomicLong();

    Load(BayTraceNode node, NodeConfig config, SigningKey key) {
      this.node = node;
      this.channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
      this.thread = new Thread(() -> {
        try (AppendClient client = new AppendClient(channel, 64)) {
          for (long i = 0; !stop; i++) {
            client.submit(i, record(config, key, "load-" + i), r -> {
              if (!r.hasAppended() || r.getAppended().getDuplicate()) {
                failure.compareAndSet(null, r.toString());
              }
              answered.incrementAndGet();
            });
          }
          client.finish(60);
        } catch (Exception e) {
          failure.compareAndSet(null, e.toString());
        }
      }, "backup-test-load");
      thread.start();
    }

    void awaitSize(long size) {
      Await.until("the load reaches " + size + " entries", Duration.ofSeconds(120), () -> {
        if (failure.get() != null) {
          throw new IllegalStateException("the load failed: " + failure.get());
        }
        return node.ledger().head().size();
      }, n -> n >= size);
    }

    @Override
    public void close() {
      stop = true;
      try {
        thread.join(TimeUnit.SECONDS.toMillis(90));
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
