package org.baytrace.ledger.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out (docs/SCALING.md): two shards of subjects, each its own ledger, origin and Raft
 * group, hosted by the same three Raft servers (one port each), replicating independently.
 */
class TwoGroupsIT {
  private static final List<String> SHARDS = List.of("baytrace.test/shard-0", "baytrace.test/shard-1");

  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();
  private final ExecutorService verifiers = Executors.newFixedThreadPool(2);
  private final List<Server> servers = new ArrayList<>();
  private List<ReplicatedLedger.Member> members;

  /** One server: a ledger per shard, one Raft server hosting a group per shard. */
  final class Server implements AutoCloseable {
    final String id;
    final List<Ledger> ledgers = new ArrayList<>();
    final List<ReplicatedLedger> groups;
    final List<Sequencer> sequencers = new ArrayList<>();

    Server(String id) throws IOException {
      this.id = id;
      for (String origin : SHARDS) {
        ledgers.add(Ledger.open(new LedgerConfig(origin, new NoteSigner(id, SigningKey.generate()), AuthorPolicy.anyKey()),
            LedgerStores.openRocksDb(dir.resolve(id).resolve(origin.replace('/', '_')))));
      }
      groups = ReplicatedLedger.startGroups(ledgers, new ReplicatedLedger.Settings(dir.resolve(id).resolve("raft"), id,
          members, Duration.ofMillis(500), Duration.ofSeconds(10), 1024, 8 << 20), verifiers);
      for (int s = 0; s < SHARDS.size(); s++) {
        sequencers.add(new Sequencer(groups.get(s).checker(), groups.get(s).sink(), 2, 100, Duration.ofMillis(2), 10_000, 8));
      }
    }

    @Override
    public void close() {
      sequencers.forEach(Sequencer::close);
      groups.forEach(ReplicatedLedger::close);
      ledgers.forEach(Ledger::close);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(Server::close);
    verifiers.shutdownNow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private byte[] record(String origin, String subject, String nonce) {
    RecordBody body = TestRecords.body("org1", List.of(subject), nonce).setOrigin(origin).build();
    return Records.sign(body.toByteArray(), author);
  }

  private void append(Server via, int shard, int count, String prefix) throws Exception {
    List<CompletableFuture<Appended>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(via.sequencers.get(shard).submit(record(SHARDS.get(shard), "urn:test:shard" + shard + ":" + (i % 7), prefix + i)));
    }
    for (CompletableFuture<Appended> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
  }

  private void awaitShard(int shard, long size) {
    Await.until("every server applied " + size + " entries of shard " + shard, Duration.ofSeconds(30),
        () -> servers.stream().allMatch(s -> s.ledgers.get(shard).head().size() >= size));
    for (Server s : servers) {
      assertEquals(size, s.ledgers.get(shard).head().size(), s.id + " shard " + shard);
      assertEquals(servers.get(0).ledgers.get(shard).head().root(), s.ledgers.get(shard).head().root());
    }
  }

  @Test
  void twoShards_inTheSameServers_replicateIndependently() throws Exception {
    members = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      members.add(new ReplicatedLedger.Member("s" + i, "127.0.0.1:" + freePort()));
    }
    for (ReplicatedLedger.Member m : members) {
      servers.add(new Server(m.id()));
    }
    append(servers.get(0), 0, 200, "a");
    append(servers.get(1), 1, 120, "b");
    append(servers.get(2), 0, 100, "c");
    awaitShard(0, 300);
    awaitShard(1, 120);
    assertNotEquals(servers.get(0).ledgers.get(0).head().root(), servers.get(0).ledgers.get(1).head().root());
    assertTrue(servers.get(0).ledgers.get(1).latestCheckpoint().startsWith(SHARDS.get(1) + "\n120\n"));

    // A server restarts with both shards; each group recovers and catches up on its own.
    Server third = servers.remove(2);
    third.close();
    append(servers.get(0), 1, 80, "d");
    servers.add(new Server("s3"));
    awaitShard(1, 200);
    awaitShard(0, 300);
  }
}
