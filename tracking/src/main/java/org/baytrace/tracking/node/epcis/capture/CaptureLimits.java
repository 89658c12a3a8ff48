package org.baytrace.tracking.node.epcis.capture;

/**
 * What one capture request may carry, and how much capture keeps. Advertised to clients as the
 * EPCIS REST binding's {@code GS1-EPCIS-Capture-Limit} (events per request) and
 * {@code GS1-EPCIS-Capture-File-Size-Limit} (bytes per request) headers on
 * {@code OPTIONS /capture} and on every 413 answer. A single event's record must also fit the
 * ledger's {@code max_record_bytes}; an event that does not is refused on its own.
 *
 * @param maxEvents events in one capture document, at most; the whole document is refused (413)
 *     beyond it. Keep it at or below the sequencer's pending limit: a rollback document is
 *     appended as one group
 * @param maxDocumentBytes bytes of one request body, at most (413 beyond it)
 * @param maxJobs capture jobs remembered for {@code GET /capture}; the oldest finished ones are
 *     forgotten first
 * @param maxQueuedJobs documents being checked or waiting for the capture worker, at most; beyond
 *     that {@code POST /capture} answers 429 before reading the document as JSON, rather than
 *     queueing without bound or parsing what it cannot take
 * @param eventTimeoutMillis how long {@code POST /events} waits for its append to be synced
 */
public record CaptureLimits(int maxEvents, int maxDocumentBytes, int maxJobs, int maxQueuedJobs, long eventTimeoutMillis) {
  /** 1,000 events or 8 MiB per request, 1,000 jobs remembered, 16 queued, 30 s per single event. */
  public static final CaptureLimits DEFAULT = new CaptureLimits(1000, 8 << 20, 1000, 16, 30_000);

  public CaptureLimits {
    if (maxEvents < 1 || maxDocumentBytes < 1024 || maxJobs < 1 || maxQueuedJobs < 1 || eventTimeoutMillis < 1) {
      throw new IllegalArgumentException("capture limits: got " + maxEvents + " events, " + maxDocumentBytes
          + " bytes, " + maxJobs + " jobs, " + maxQueuedJobs + " queued, " + eventTimeoutMillis
          + " ms; want all positive and at least 1024 bytes");
    }
  }

  public CaptureLimits withMaxEvents(int events) {
    return new CaptureLimits(events, maxDocumentBytes, maxJobs, maxQueuedJobs, eventTimeoutMillis);
  }

  public CaptureLimits withMaxDocumentBytes(int bytes) {
    return new CaptureLimits(maxEvents, bytes, maxJobs, maxQueuedJobs, eventTimeoutMillis);
  }

  public CaptureLimits withMaxJobs(int jobs) {
    return new CaptureLimits(maxEvents, maxDocumentBytes, jobs, maxQueuedJobs, eventTimeoutMillis);
  }
}
