package org.baytrace.tracking.node.witness;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.baytrace.config.WitnessConfig;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.ledger.witness.AddCheckpoint;
import org.baytrace.ledger.witness.Witness;

/**
 * Sends this ledger's newest checkpoint to each configured witness ({@code POST <url>/add-checkpoint}
 * with the consistency proof from the size that witness last cosigned) and keeps the cosignatures
 * that verify under the witness's configured key, merged into the stored checkpoint note.
 *
 * <p>A witness answers 409 with the size it knows when this node's idea of it is stale (after a
 * restart, say); the publisher then retries once from that size. A witness that is down, refuses, or
 * sends a cosignature that does not verify costs one log line and is tried again with the next
 * checkpoint. Appends never wait for witnesses: publishing runs on one thread of its own, and
 * checkpoints that arrive while it works are coalesced into the newest. Thread-safe.
 */
public final class WitnessPublisher implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Ledger ledger;
  private final List<WitnessConfig> witnesses;
  private final PrintStream log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "witness-publisher");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Map<String, Long> knownSize = new HashMap<>(); // witness name → size it last cosigned (worker thread)
  private final java.util.function.LongConsumer listener = size -> schedule();

  public WitnessPublisher(Ledger ledger, List<WitnessConfig> witnesses, PrintStream log) {
    this.ledger = ledger;
    this.witnesses = List.copyOf(witnesses);
    this.log = log;
    ledger.onAppend(listener);
  }

  /** Publishes the current checkpoint soon (coalesced with any publication already waiting). */
  public void schedule() {
    if (pending.compareAndSet(false, true)) {
      worker.submit(this::runPending);
    }
  }

  /** Publishes the current checkpoint now, on the publisher's thread; returns the witnesses that cosigned it. */
  public List<String> publishNow() throws Exception {
    Future<List<String>> f = worker.submit(this::publish);
    return f.get();
  }

  private void runPending() {
    pending.set(false);
    publish();
  }

  private List<String> publish() {
    TreeHead head = ledger.head();
    if (head.size() == 0) {
      return List.of();
    }
    List<String> cosigned = new java.util.ArrayList<>();
    for (WitnessConfig w : witnesses) {
      try {
        if (submit(w, head)) {
          cosigned.add(w.name());
        }
      } catch (IOException | VerificationException | RuntimeException e) {
        log.printf("baytrace: witness %s: checkpoint %d not cosigned: %s%n", w.name(), head.size(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return cosigned;
      }
    }
    return cosigned;
  }

  private boolean submit(WitnessConfig w, TreeHead head) throws IOException, InterruptedException, VerificationException {
    String note = ledger.checkpointAt(head.size());
    long old = knownSize.getOrDefault(w.name(), 0L);
    for (int attempt = 0; attempt < 2; attempt++) {
      if (old > head.size()) {
        throw new IOException("the witness knows size " + old + ", beyond this ledger's " + head.size());
      }
      List<Hash32> proof = old == 0 || old == head.size() ? List.of() : ledger.consistencyProof(old, head.size());
      HttpRequest request = HttpRequest.newBuilder(addCheckpoint(w.url()))
          .timeout(TIMEOUT)
          .header("Content-Type", "text/plain; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(new AddCheckpoint(old, proof, note).encode(), StandardCharsets.UTF_8))
          .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() == 409 && r.headers().firstValue("Content-Type").orElse("").startsWith(Witness.SIZE_CONTENT_TYPE)) {
        old = Long.parseLong(r.body().strip());
        knownSize.put(w.name(), old);
        continue;
      }
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode() + ": " + r.body().strip());
      }
      SignedNote cosigned = SignedNote.parse(note + r.body());
      if (w.key().verify(cosigned).isEmpty()) {
        throw new VerificationException(org.baytrace.ledger.verify.Failure.UNKNOWN_KEY,
            "the answer carries no cosignature by the configured key " + w.key().encode());
      }
      // Keep the log's own signatures and this witness's verified ones, nothing else it sent.
      SignedNote stored = SignedNote.parse(ledger.checkpointAt(head.size()));
      SignedNote merged = stored.merge(onlyBy(cosigned, w));
      ledger.storeCosigned(head.size(), merged.format());
      knownSize.put(w.name(), head.size());
      return true;
    }
    throw new IOException("the witness kept answering 409");
  }

  private static SignedNote onlyBy(SignedNote note, WitnessConfig w) throws VerificationException {
    StringBuilder lines = new StringBuilder();
    for (SignedNote.Signature s : note.signatures()) {
      if (s.name().equals(w.name())) {
        byte[] blob = new byte[s.keyHash().length + s.signature().length];
        System.arraycopy(s.keyHash(), 0, blob, 0, s.keyHash().length);
        System.arraycopy(s.signature(), 0, blob, s.keyHash().length, s.signature().length);
        lines.append(SignedNote.SIGNATURE_PREFIX).append(s.name()).append(' ')
            .append(java.util.Base64.getEncoder().encodeToString(blob)).append('\n');
      }
    }
    return SignedNote.parse(note.text() + "\n" + lines);
  }

  private static URI addCheckpoint(URI prefix) {
    String s = prefix.toString();
    return URI.create((s.endsWith("/") ? s : s + "/") + "add-checkpoint");
  }

  @Override
  public void close() {
    ledger.removeAppendListener(listener);
    worker.shutdownNow();
  }
}
