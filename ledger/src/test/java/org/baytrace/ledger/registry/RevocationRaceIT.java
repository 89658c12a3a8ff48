package org.baytrace.ledger.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.replication.ReplicatedLedger;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation racing appends signed with the same key, across three real members (one Raft
 * group on loopback, a RocksDB store and a {@link GovernanceRule} each): the log order decides.
 * Every record the key signed that lands before the revocation stays; every one after it is
 * refused naming the revocation's index; and all three members end with the same root and the
 * same registry.
 */
class RevocationRaceIT {
  private static final String ORIGIN = TestRecords.ORIGIN;
  private static final int RECORDS = 60;

  @TempDir Path dir;

  private final SigningKey hkCustoms = SigningKey.generate();
  private final SigningKey gdCustoms = SigningKey.generate();
  private final SigningKey leaked = SigningKey.generate(); // the barge company's key, about to be revoked
  private final SigningKey memberKey = SigningKey.generate();
  private final ExecutorService verifiers = Executors.newFixedThreadPool(2);
  private final List<Member> members = new ArrayList<>();
  private final Registry founding = new Registry(OrgRegistry.of(List.of(
      GovernanceRuleTest.org("hk-customs", Role.CUSTOMS, hkCustoms),
      GovernanceRuleTest.org("gd-customs", Role.CUSTOMS, gdCustoms),
      GovernanceRuleTest.org("pearl-barge", Role.BARGE_OPERATOR, leaked))),
      List.of(), new Governance(2, List.of("hk-customs", "gd-customs")));

  /** One member: its ledger with the governance rule, its Raft membership and a sequencer. */
  final class Member implements AutoCloseable {
    final String id;
    final Ledger ledger;
    final GovernanceRule rule;
    final ReplicatedLedger replicated;
    final Sequencer sequencer;

    Member(String id, List<ReplicatedLedger.Member> group) throws IOException {
      this.id = id;
      ledger = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner(id, SigningKey.generate()), AuthorPolicy.anyKey()),
          LedgerStores.openRocksDb(dir.resolve(id).resolve("ledger")));
      rule = GovernanceRule.beginningWithGenesis(ORIGIN, founding, OrgRegistry::authorPolicy);
      ledger.install(rule);
      replicated = ReplicatedLedger.start(ledger, new ReplicatedLedger.Settings(dir.resolve(id).resolve("raft"), id, group),
          verifiers);
      sequencer = new Sequencer(replicated.checker(), replicated.sink(), 2, 100, Duration.ofMillis(2), 10_000, 8);
    }

    @Override
    public void close() {
      sequencer.close();
      replicated.close();
      ledger.close();
    }
  }

  @AfterEach
  void stop() {
    members.forEach(Member::close);
    verifiers.shutdownNow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRevocationRacingAppendsWithTheSameKey_logOrderDecides_onEveryMember() throws Exception {
    List<ReplicatedLedger.Member> group = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      group.add(new ReplicatedLedger.Member("m" + i, "127.0.0.1:" + freePort()));
    }
    for (ReplicatedLedger.Member m : group) {
      members.add(new Member(m.id(), group));
    }
    SignedProposal genesis = Genesis.propose(ORIGIN, founding, "").signedBy("hk-customs", hkCustoms)
        .signedBy("gd-customs", gdCustoms);
    assertEquals(0, members.get(0).sequencer.submit(Genesis.record(genesis, "m1", memberKey, System.currentTimeMillis()))
        .get(60, TimeUnit.SECONDS).index());

    SignedProposal revoke = SignedProposal.unsigned(Proposal.of(ORIGIN, 0,
        new Change.EndKey("pearl-barge", leaked.publicKey(), true, "laptop stolen"), "")).signedBy("hk-customs", hkCustoms)
        .signedBy("gd-customs", gdCustoms);
    byte[] revocation = GovernanceRecords.signedRecord(revoke, "gd-customs", gdCustoms, System.currentTimeMillis());

    // The barge company's records through m2, the revocation through m3, released together.
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Appended>> barge = new ArrayList<>();
    CompletableFuture<CompletableFuture<Appended>> revoked = new CompletableFuture<>();
    Thread appends = new Thread(() -> {
      await(go);
      for (int i = 0; i < RECORDS; i++) {
        barge.add(members.get(1).sequencer.submit(
            TestRecords.signed(leaked, "pearl-barge", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V" + i), "r" + i)));
      }
    });
    Thread governance = new Thread(() -> {
      await(go);
      revoked.complete(members.get(2).sequencer.submit(revocation));
    });
    appends.start();
    governance.start();
    go.countDown();
    appends.join();
    governance.join();
    long revokedAt = revoked.get().get(60, TimeUnit.SECONDS).index();

    int before = 0;
    int after = 0;
    for (CompletableFuture<Appended> f : barge) {
      try {
        long index = f.get(60, TimeUnit.SECONDS).index();
        assertTrue(index < revokedAt, "accepted at " + index + ", after the revocation at " + revokedAt);
        before++;
      } catch (ExecutionException e) {
        LedgerException refused = assertInstanceOf(LedgerException.class, e.getCause());
        assertEquals(LedgerError.NOT_AUTHORISED, refused.error(), refused.getMessage());
        assertTrue(refused.getMessage().contains("was revoked at index " + revokedAt + " (laptop stolen)"), refused.getMessage());
        after++;
      }
    }
    assertEquals(RECORDS, before + after);
    long size = 1 + before + 1; // the genesis, the records that landed first, the revocation
    assertEquals(revokedAt, 1 + before, "the revocation sits right after the records that won the race");

    Await.until("every member applied " + size + " entries", Duration.ofSeconds(30),
        () -> members.stream().allMatch(m -> m.ledger.head().size() >= size));
    byte[] registry = RegistryCodec.encode(members.get(0).rule.state().registry());
    for (Member m : members) {
      assertEquals(size, m.ledger.head().size(), m.id + " size");
      assertEquals(members.get(0).ledger.head().root(), m.ledger.head().root(), m.id + " root");
      assertEquals(revokedAt, m.rule.state().version(), m.id + " registry version");
      assertArrayEquals(registry, RegistryCodec.encode(m.rule.state().registry()), m.id + " registry");
    }
  }

  private static void await(CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
