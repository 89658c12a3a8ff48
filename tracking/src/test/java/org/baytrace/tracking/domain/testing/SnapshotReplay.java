package org.baytrace.tracking.domain.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;

/**
 * Rebuilds one apply rule's state from a stopped store twice: from the rule's stored snapshot
 * plus the entries after it (what a start does), and from every entry (the reference). The
 * store must hold a snapshot below its size, so that both the snapshot and a tail are used.
 */
public final class SnapshotReplay {
  /** The two rebuilt rules and what the start from the snapshot reported. */
  public record Rebuilt<R extends ApplyRule>(R fromSnapshot, R replayedFromTheStart, Ledger.InstallReport report,
      List<Hash32> records) {}

  private SnapshotReplay() {}

  public static <R extends ApplyRule> Rebuilt<R> rebuild(Path dir, String origin, Supplier<R> fresh) {
    R fromSnapshot = fresh.get();
    R reference = fresh.get();
    String name = fromSnapshot.snapshots().orElseThrow().name();
    try (Ledger ledger = Ledger.open(new LedgerConfig(origin, new NoteSigner("check", SigningKey.generate()),
        AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir))) {
      ledger.snapshotEvery(0, false); // leaves the store as it found it
      Ledger.InstallReport report = ledger.install(fromSnapshot);
      long size = ledger.head().size();
      assertEquals(1, report.lines().size(), report::toString);
      assertTrue(report.lines().get(0).startsWith("rule " + name + ": snapshot of tree size "), report::toString);
      assertTrue(report.entriesReplayed() < size + 1, report::toString);
      assertTrue(!report.lines().get(0).endsWith(" 0 entries after it"), "a tail after the snapshot: " + report);
      List<Hash32> records = new ArrayList<>();
      for (long i = 0; i < size; i++) {
        AppliedRecord applied = Ledger.applied(ledger.entry(i));
        reference.replay(applied);
        records.add(applied.record().bodyHash());
      }
      return new Rebuilt<>(fromSnapshot, reference, report, records);
    }
  }
}
