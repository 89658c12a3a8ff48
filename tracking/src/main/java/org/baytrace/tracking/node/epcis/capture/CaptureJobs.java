package org.baytrace.tracking.node.epcis.capture;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capture jobs this node remembers, in memory only: a restart forgets them (the events they
 * stored stay in the ledger, of course). At most {@code maxJobs} are kept; when a new one would
 * exceed that, the oldest finished jobs are forgotten first. Thread-safe.
 */
final class CaptureJobs {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int maxJobs;
  private final Map<String, CaptureJob> byId = new LinkedHashMap<>(); // oldest first
  private long nextSeq = 1;

  CaptureJobs(int maxJobs) {
    this.maxJobs = maxJobs;
  }

  /** A new running job, remembered from now on. */
  synchronized CaptureJob create(String org, CaptureErrorBehaviour behaviour, java.time.Instant now, int eventCount) {
    long seq = nextSeq++;
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    // "id" + sequence + random: unique, ordered for people, and not guessable from another job's id.
    String id = "id" + seq + "-" + HexFormat.of().formatHex(random);
    CaptureJob job = new CaptureJob(id, org, seq, behaviour, now, eventCount);
    byId.put(id, job);
    evict();
    return job;
  }

  /** Forgets a job that was never started (its document was refused before any work). */
  synchronized void remove(CaptureJob job) {
    byId.remove(job.id(), job);
  }

  /** The job with this id if {@code org} submitted it: another org's job is as unknown as a missing one. */
  synchronized Optional<CaptureJob> get(String id, String org) {
    return Optional.ofNullable(byId.get(id)).filter(j -> j.org().equals(org));
  }

  /**
   * Up to {@code limit} jobs of {@code org}, newest first, starting with the newest whose sequence
   * number is below {@code beforeSeq} ({@code Long.MAX_VALUE} for the newest of all).
   */
  synchronized List<CaptureJob> page(String org, long beforeSeq, int limit) {
    List<CaptureJob> all = new ArrayList<>(byId.values());
    List<CaptureJob> out = new ArrayList<>(Math.min(limit, all.size()));
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      if (all.get(i).seq() < beforeSeq && all.get(i).org().equals(org)) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  synchronized int size() {
    return byId.size();
  }

  /** Jobs still running (for metrics). */
  synchronized int running() {
    return (int) byId.values().stream().filter(CaptureJob::running).count();
  }

  /** Jobs created since start, including forgotten and removed ones (for metrics). */
  synchronized long created() {
    return nextSeq - 1;
  }

  private void evict() {
    Iterator<CaptureJob> it = byId.values().iterator();
    while (byId.size() > maxJobs && it.hasNext()) {
      if (!it.next().running()) {
        it.remove();
      }
    }
  }
}
