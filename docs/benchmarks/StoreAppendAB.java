import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.*;
import java.security.MessageDigest;
import java.util.*;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.store.*;

/** Throw-away A/B harness for docs/BENCHMARKS.md (store-perf): appends batches of 1,000 to a RocksDB
 * LedgerStore and prints the writer thread's CPU time per entry, ignoring the first quarter of the
 * rounds. Run: java -Xms1g -Xmx4g -cp ledger/target/ledger-benchmarks.jar docs/benchmarks/StoreAppendAB.java base 250 */
public class StoreAppendAB {
  static long n = 0;
  static SplittableRandom rnd = new SplittableRandom(1);
  static List<PendingRecord> batch(int size) throws Exception {
    List<PendingRecord> out = new ArrayList<>(size);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < size; i++, n++) {
      byte[] rec = new byte[499];
      for (int j = 0; j < rec.length; j += 8) { long v = rnd.nextLong(); for (int k = 0; k < 8 && j + k < rec.length; k++) rec[j + k] = (byte) (v >>> (8 * k)); }
      out.add(new PendingRecord(rec, Hash32.of(md.digest(rec)), List.of("urn:epc:id:sgtin:4012345.011111." + n, "urn:epc:class:lgtin:4012345.011111." + rnd.nextInt(1000))));
    }
    return out;
  }
  public static void main(String[] a) throws Exception {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    String[] variants = a[0].split(",");
    int rounds = Integer.parseInt(a[1]);
    LedgerStore[] stores = new LedgerStore[variants.length];
    Path root = Files.createTempDirectory("store-perf-ab");
    for (int v = 0; v < variants.length; v++) {
      System.setProperty("bt.variant", variants[v]);
      stores[v] = LedgerStore.openRocksDb(root.resolve("s" + v), false, x -> {});
    }
    long[] cpu = new long[variants.length], wall = new long[variants.length];
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < variants.length; v++) {
        List<PendingRecord> b = batch(1000);
        long c0 = t.getCurrentThreadCpuTime(), w0 = System.nanoTime();
        stores[v].append(b, 1_764_000_000_000L, null);
        if (r >= rounds / 4) { cpu[v] += t.getCurrentThreadCpuTime() - c0; wall[v] += System.nanoTime() - w0; }
      }
      if ((r + 1) % 50 == 0) {
        StringBuilder sb = new StringBuilder("round " + (r + 1));
        for (int v = 0; v < variants.length; v++) sb.append(String.format("  %s: %.2f us/entry cpu", variants[v], cpu[v] / 1000.0 / ((r + 1 - rounds / 4) * 1000.0)));
        System.out.println(sb);
      }
    }
    for (LedgerStore s : stores) s.close();
  }
}
