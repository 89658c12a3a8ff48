import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;

/**
 * Writes a node data directory holding N entries for docs/benchmarks/start-time.sh: a node key
 * (org "local" of the embedded default) and a ledger of the records `baytrace bench` sends
 * (kind bench.Sample, ~280 bytes, 1,000 subjects), signed by that key, in batches of 1,000 with
 * a signed checkpoint each, written straight to the store (no node, no network) so that large
 * ledgers are made in minutes. Not a test; run by the script:
 *   java -cp "tools/target/baytrace-tools.jar:tools/target/lib/*" docs/benchmarks/BuildLedger.java DIR N
 */
public class BuildLedger {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    long n = Long.parseLong(args[1]);
    int subjects = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    String origin = "baytrace.local/ledger"; // the embedded default's origin and node name
    Files.createDirectories(data);
    SigningKey key = SigningKey.generate();
    KeyFiles.savePrivate(key, data.resolve("node.key"));
    NoteSigner signer = new NoteSigner("baytrace-local", key);
    long start = System.nanoTime();
    try (LedgerStore store = LedgerStores.openRocksDb(data.resolve("ledger"), false, x -> {})) {
      for (long first = store.size(); first < n; first += 1000) {
        long base = first;
        int size = (int) Math.min(1000, n - first);
        List<PendingRecord> batch = new ArrayList<>(size);
        ParsedRecord[] parsed = new ParsedRecord[size];
        IntStream.range(0, size).parallel().forEach(k -> {
          long i = base + k;
          byte[] content = ("{\"bench\":" + i + ",\"temperatureC\":" + (i % 40 - 20) + "}").getBytes(StandardCharsets.UTF_8);
          RecordBody body = RecordBody.newBuilder().setOrigin(origin).setKind("bench.Sample").setAuthorOrg("local")
              .addSubjects("urn:baytrace:bench:subject:" + (i % subjects)).setEventTimeUnixMillis(1_764_000_000_000L + i)
              .setContentType("application/json").setContent(com.google.protobuf.ByteString.copyFrom(content))
              .setNonce(com.google.protobuf.ByteString.copyFromUtf8("build:" + i)).build();
          parsed[k] = Records.parse(Records.sign(body.toByteArray(), key), RecordLimits.DEFAULT);
        });
        for (ParsedRecord r : parsed) {
          batch.add(new PendingRecord(r.signedRecordBytes(), r.bodyHash(), r.subjects()));
        }
        LedgerStore.PreparedAppend prepared = store.prepare(batch, 1_764_000_000_000L + first);
        TreeHead h = prepared.head();
        store.commit(prepared, signer.sign(new Checkpoint(origin, h.size(), h.root())).format(), null);
        if ((first / 1000) % 100 == 0) {
          System.err.printf("built %,d entries, %.0f/s%n", store.size(), store.size() / ((System.nanoTime() - start) / 1e9));
        }
      }
      System.err.printf("built %,d entries in %.0f s%n", store.size(), (System.nanoTime() - start) / 1e9);
    }
  }
}
