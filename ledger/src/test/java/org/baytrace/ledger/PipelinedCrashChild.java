package org.baytrace.ledger;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.store.Appended;
import org.baytrace.ledger.store.LedgerStore;
import org.baytrace.ledger.store.PendingRecord;

/**
 * {@link CrashChild} with two threads appending to the store at once, so that batches are killed
 * between their write and their group-committed sync. Same output lines; each thread prints a
 * batch's lines in one piece, after its append returned. Arguments: data directory, round name.
 */
public final class PipelinedCrashChild {
  private static final int THREADS = 2;

  private PipelinedCrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    String round = args[1];
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    ThreadLocal<String> signedNote = new ThreadLocal<>();
    LedgerStore.CheckpointSigner signer = head -> {
      String note = CrashChild.NODE.sign(new Checkpoint(TestRecords.ORIGIN, head.size(), head.root())).format();
      signedNote.set(note); // signed while the appending thread stages its batch
      return note;
    };
    try (LedgerStore store = LedgerStore.openRocksDb(dir)) {
      out.println("READY $");
      out.flush();
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String writer = round + "/" + t;
        Thread thread = new Thread(() -> {
          for (int b = 0; b < 100_000 && !out.checkError(); b++) {
            List<PendingRecord> batch = new ArrayList<>(CrashChild.BATCH);
            for (int i = 0; i < CrashChild.BATCH; i++) {
              String nonce = writer + "/" + b + "/" + i;
              batch.add(new PendingRecord(("record " + nonce).getBytes(StandardCharsets.UTF_8),
                  Sha256.hash(nonce.getBytes(StandardCharsets.UTF_8)), List.of("lot-" + (i % 5), "round-" + round)));
            }
            List<Appended> acked = store.append(batch, System.currentTimeMillis(), signer);
            StringBuilder lines = new StringBuilder();
            for (Appended a : acked) {
              lines.append("ACK ").append(a.index()).append(' ').append(a.leafHash().hex()).append(" $\n");
            }
            lines.append("CP ").append(Base64.getEncoder().encodeToString(signedNote.get().getBytes(StandardCharsets.UTF_8)))
                .append(" $\n");
            synchronized (out) {
              out.print(lines);
              out.flush();
            }
          }
        }, "writer-" + t);
        thread.start();
        writers.add(thread);
      }
      for (Thread thread : writers) {
        thread.join();
      }
    }
  }
}
