package org.baytrace.tracking.domain.waterbus;

import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_B;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.ROTATION;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.allocation;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.container;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.voyage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.baytrace.api.waterbus.v1.SlotBooking;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.sequencer.Sequencer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partners racing for the last slots: 1,000 bookings from 16 concurrent submitters through the
 * sequencer (batches of up to 64, as a node runs it). The barge is never overbooked, exactly its
 * capacity is booked, and the log order alone decides who got a slot: a naive recount over the
 * stored log agrees, and so does a restart that replays it.
 */
class SlotRaceTest {
  @TempDir Path dir;

  record Outcome(List<Appended> stored, List<LedgerException> refused) {}

  Outcome race(WaterBusFixture f, List<byte[]> records) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Appended>> futures = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try (Sequencer seq = new Sequencer(f.ledger, 2, 64, Duration.ofMillis(2), 4096)) {
      List<CompletableFuture<CompletableFuture<Appended>>> submitted = new ArrayList<>();
      for (byte[] r : records) {
        submitted.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return seq.submit(r);
        }, pool));
      }
      start.countDown();
      for (var s : submitted) {
        futures.add(s.get(60, TimeUnit.SECONDS));
      }
      List<Appended> stored = new ArrayList<>();
      List<LedgerException> refused = new ArrayList<>();
      for (var fut : futures) {
        try {
          stored.add(fut.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          refused.add(assertInstanceOf(LedgerException.class, e.getCause()));
        }
      }
      return new Outcome(stored, refused);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Naive recount: walk the stored log in order and add up each booking's TEU per leg and partner. */
  static Map<String, int[]> recount(Ledger ledger, int legs) throws Exception {
    Map<String, int[]> use = new HashMap<>();
    for (long i = 0; i < ledger.head().size(); i++) {
      ParsedRecord r = Ledger.applied(ledger.entry(i)).record();
      if (!r.kind().equals(WaterBusKinds.SLOT_BOOKING)) {
        continue;
      }
      SlotBooking b = SlotBooking.parseFrom(r.content());
      int teu = b.getSizeType().charAt(0) == '2' ? 1 : 2;
      for (String key : List.of("barge", r.authorOrg())) {
        int[] u = use.computeIfAbsent(key, k -> new int[legs]);
        for (int leg = ROTATION.indexOf(b.getLoadPort()); leg < ROTATION.indexOf(b.getDischargePort()); leg++) {
          u[leg] += teu;
        }
      }
    }
    return use;
  }

  @Test
  void thousandConcurrentBookings_forTheWholeRoute_bookExactlyTheCapacity() throws Exception {
    WaterBusFixture f = new WaterBusFixture(dir).open();
    try {
      String urn = f.publish(voyage("RACE1", 100, 0, allocation(PARTNER_A, 70, 0), allocation(PARTNER_B, 70, 0)).build());
      List<byte[]> records = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String partner = i % 2 == 0 ? PARTNER_A : PARTNER_B;
        records.add(f.sign(f.booking(partner, urn, "R" + i, container(i), "22G1", "CNNSA", "CNZQG")));
      }
      Outcome out = race(f, records);
      assertEquals(100, out.stored().size(), "exactly the barge's capacity is booked");
      assertEquals(900, out.refused().size());
      for (LedgerException e : out.refused()) {
        assertEquals(LedgerError.RULE_VIOLATED, e.error());
        assertTrue(e.getMessage().startsWith("waterbus.barge-capacity: leg CNNSA→CNHUA")
            || e.getMessage().startsWith("waterbus.partner-allocation: leg CNNSA→CNHUA"), e.getMessage());
      }
      BargeVoyage v = f.state().voyage(urn).orElseThrow();
      Map<String, int[]> naive = recount(f.ledger, v.legs());
      for (int leg = 0; leg < v.legs(); leg++) {
        assertEquals(100, naive.get("barge")[leg]);
        assertEquals(100, v.legTeu(leg));
        assertTrue(naive.get(PARTNER_A)[leg] <= 70 && naive.get(PARTNER_B)[leg] <= 70);
        assertEquals(naive.get(PARTNER_A)[leg], v.partnerUse(PARTNER_A, leg, false));
      }
      List<String> before = v.bookings().stream().map(BargeVoyage.Booking::reference).toList();
      f.close();
      f.open();
      assertEquals(before, f.state().voyage(urn).orElseThrow().bookings().stream().map(BargeVoyage.Booking::reference).toList(),
          "a restart replays the log to the same bookings");
    } finally {
      f.close();
    }
  }

  @Test
  void concurrentBookingsOverMixedLegs_neverOverbookAnyLeg_andMatchANaiveRecount() throws Exception {
    try (WaterBusFixture f = new WaterBusFixture(dir).open()) {
      String urn = f.publish(voyage("RACE2", 40, 0, allocation(PARTNER_A, 25, 0), allocation(PARTNER_B, 25, 0)).build());
      Random random = new Random(5);
      List<byte[]> records = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int from = random.nextInt(3);
        int to = from + 1 + random.nextInt(3 - from);
        records.add(f.sign(f.booking(random.nextBoolean() ? PARTNER_A : PARTNER_B, urn, "M" + i, container(5000 + i),
            random.nextInt(3) == 0 ? "42G1" : "22G1", ROTATION.get(from), ROTATION.get(to))));
      }
      Outcome out = race(f, records);
      BargeVoyage v = f.state().voyage(urn).orElseThrow();
      Map<String, int[]> naive = recount(f.ledger, v.legs());
      AtomicInteger full = new AtomicInteger();
      for (int leg = 0; leg < v.legs(); leg++) {
        assertTrue(naive.get("barge")[leg] <= 40, "leg " + leg + ": " + naive.get("barge")[leg]);
        assertEquals(naive.get("barge")[leg], v.legTeu(leg));
        for (String p : List.of(PARTNER_A, PARTNER_B)) {
          assertTrue(naive.get(p)[leg] <= 25);
          assertEquals(naive.get(p)[leg], v.partnerUse(p, leg, false));
        }
        if (naive.get("barge")[leg] >= 39) {
          full.incrementAndGet();
        }
      }
      assertEquals(400, out.stored().size() + out.refused().size());
      assertTrue(full.get() > 0, "400 bookings fill at least one leg to its last slot or one short");
    }
  }
}
