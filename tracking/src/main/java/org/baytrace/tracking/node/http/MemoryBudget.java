package org.baytrace.tracking.node.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node-wide allowance of memory for work that holds client data: request bodies being received
 * and EPCIS capture documents being processed. Work reserves what it will hold before it starts
 * and releases it when done; when the allowance is used up the work is refused at once (503 with
 * {@code Retry-After}) instead of growing the heap until the node fails. Thread-safe.
 */
public final class MemoryBudget {
  private final long limitBytes;
  private final AtomicLong reserved = new AtomicLong();

  public MemoryBudget(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("memory budget: got " + limitBytes + " bytes, want more than 0");
    }
    this.limitBytes = limitBytes;
  }

  /** Memory held by one piece of work; closing it (once or more) gives the memory back. */
  public final class Reservation implements AutoCloseable {
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    private Reservation(long bytes) {
      this.bytes = bytes;
    }

    public long bytes() {
      return bytes;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        reserved.addAndGet(-bytes);
      }
    }
  }

  /** Reserves {@code bytes}, or nothing if that would go above the limit. */
  public Optional<Reservation> tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("reservation: got " + bytes + " bytes, want 0 or more");
    }
    while (true) {
      long now = reserved.get();
      if (now + bytes > limitBytes) {
        return Optional.empty();
      }
      if (reserved.compareAndSet(now, now + bytes)) {
        return Optional.of(new Reservation(bytes));
      }
    }
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** Memory reserved now. */
  public long reservedBytes() {
    return reserved.get();
  }

  @Override
  public String toString() {
    return "MemoryBudget[" + reserved.get() + " of " + limitBytes + " bytes reserved]";
  }
}
