package org.baytrace.ledger;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.store.LedgerStores;

/**
 * The process that {@link CrashDurabilityIT} kills: opens a RocksDB ledger and appends batches
 * until it is killed, printing what was acknowledged only after {@link Ledger#append} returned.
 * One line each, ending in " $" so that a line cut by the kill can be told apart:
 * <pre>
 * READY $
 * ACK &lt;index&gt; &lt;leaf hash hex&gt; $        (one per record of the batch)
 * CP &lt;base64 of the signed checkpoint note&gt; $  (one per batch, after its ACKs)
 * </pre>
 * Arguments: data directory, round name (makes nonces unique when a directory is reused).
 */
public final class CrashChild {
  static final int BATCH = 50;
  static final SigningKey AUTHOR = SigningKey.fromSeed(seed(41));
  static final NoteSigner NODE = new NoteSigner("crash-node", SigningKey.fromSeed(seed(42)));

  private CrashChild() {}

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  static LedgerConfig config() {
    return new LedgerConfig(TestRecords.ORIGIN, NODE, AuthorPolicy.registeredKeys(Map.of(AUTHOR.publicKey(), "org1")));
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String round = args[1];
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    try (Ledger ledger = Ledger.open(config(), LedgerStores.openRocksDb(dir))) {
      out.println("READY $");
      out.flush();
      for (int b = 0; b < 100_000 && !out.checkError(); b++) {
        List<ParsedRecord> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
          batch.add(ledger.check(TestRecords.signed(AUTHOR, "org1", List.of("lot-" + (i % 5), "round-" + round),
              round + "/" + b + "/" + i)));
        }
        List<Appended> acked = ledger.append(batch);
        StringBuilder lines = new StringBuilder();
        for (Appended a : acked) {
          lines.append("ACK ").append(a.index()).append(' ').append(a.leafHash().hex()).append(" $\n");
        }
        String note = ledger.checkpointAt(ledger.head().size());
        lines.append("CP ").append(Base64.getEncoder().encodeToString(note.getBytes(StandardCharsets.UTF_8))).append(" $\n");
        out.print(lines);
        out.flush();
      }
    }
  }
}
