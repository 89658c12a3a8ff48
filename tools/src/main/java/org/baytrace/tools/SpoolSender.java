package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.AppendResponse;

/**
 * Sends what a {@link Spool} holds, oldest first, on one Append stream, and files each answer:
 * acknowledged records leave the spool, records refused for good move aside, and records the node
 * could not take now (stream down, node busy) stay for the next attempt. Not thread-safe.
 */
final class SpoolSender {
  /** What one {@link #sendUntilEmpty} did, and why records are still waiting. */
  record Result(long appended, long refused, long waiting, String why) {}

  private final Spool spool;
  private final ManagedChannel channel;
  private final int inFlight;
  private long appended;
  private long refused;
  private String why = "";

  SpoolSender(Spool spool, ManagedChannel channel, int inFlight) {
    this.spool = spool;
    this.channel = channel;
    this.inFlight = inFlight;
  }

  /** Sends until the spool is empty or {@code waitSeconds} have passed, trying again every few seconds. */
  Result sendUntilEmpty(long waitSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    long pause = 1;
    while (true) {
      int waiting = sendOnce();
      if (waiting == 0 || System.nanoTime() >= deadline) {
        return new Result(appended, refused, waiting, why);
      }
      long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
      Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(1, Math.min(pause, left))));
      pause = Math.min(pause * 2, 15);
    }
  }

  /** One attempt over everything waiting; returns how many records still wait. */
  private int sendOnce() throws IOException, InterruptedException {
    List<Spool.Pending> waiting = spool.pending();
    if (waiting.isEmpty()) {
      return 0;
    }
    Status failure;
    try (AppendClient client = new AppendClient(channel, inFlight)) {
      try {
        for (Spool.Pending p : waiting) {
          client.submit(p.seq(), p.bytes(), r -> answered(p, r));
        }
        failure = client.finish(120);
      } catch (CliException streamDown) {
        failure = Status.UNAVAILABLE.withDescription(streamDown.getMessage());
      }
    }
    if (failure != null) {
      why = "node at " + channel.authority() + " not reachable: " + failure.getCode();
    }
    return spool.pending().size();
  }

  private synchronized void answered(Spool.Pending p, AppendResponse r) {
    String name = p.file().getFileName().toString();
    try {
      if (r.hasAppended()) {
        String leaf = HexFormat.of().formatHex(r.getAppended().getLeafHash().toByteArray());
        spool.sent(p, r.getAppended().getIndex(), leaf);
        appended++;
        System.out.printf("%s: index %d leaf %s%s%n", name, r.getAppended().getIndex(), leaf,
            r.getAppended().getDuplicate() ? " (duplicate: already in the ledger)" : "");
        return;
      }
      Status.Code code = Status.fromCodeValue(r.getError().getCode()).getCode();
      if (Spool.transientRefusal(code)) {
        why = "the node answered " + code + ": " + r.getError().getMessage();
        System.out.printf("%s: kept: %s: %s%n", name, code, r.getError().getMessage());
        return;
      }
      spool.refused(p, code + ": " + r.getError().getMessage());
      refused++;
      System.out.printf("%s: refused: %s: %s (moved to %s)%n", name, code, r.getError().getMessage(),
          spool.dir().resolve("refused"));
    } catch (IOException e) {
      // The ledger has the record but the spool could not note it: it stays waiting and the next
      // attempt gets it back as a duplicate with the same index.
      why = "spool " + spool.dir() + ": " + e.getMessage();
      System.out.printf("%s: answered, but not filed: %s%n", name, e.getMessage());
    }
  }
}
