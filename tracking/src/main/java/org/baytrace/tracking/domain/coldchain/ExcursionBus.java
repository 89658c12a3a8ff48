package org.baytrace.tracking.domain.coldchain;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands newly found excursions to subscribers (gRPC streams, SSE connections). Publishing
 * happens on the ledger's writer thread, so a subscriber must not block: both transports queue
 * and return. A subscriber that throws is dropped. Thread-safe.
 */
public final class ExcursionBus implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExcursionBus.class.getName());

  /** One subscriber. */
  public interface Subscriber {
    void onExcursion(ExcursionEvent e);

    /** The node is stopping: end the stream. */
    void onClose();
  }

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Adds a subscriber; false (and not added) if the bus is closed. */
  public boolean subscribe(Subscriber s) {
    subscribers.add(s);
    if (closed) {
      subscribers.remove(s);
      return false;
    }
    return true;
  }

  public void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  void publish(ExcursionEvent e) {
    for (Subscriber s : subscribers) {
      try {
        s.onExcursion(e);
      } catch (RuntimeException ex) {
        LOG.log(Level.FINE, "dropping an excursion subscriber that failed", ex);
        subscribers.remove(s);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Subscriber s : subscribers) {
      subscribers.remove(s);
      try {
        s.onClose();
      } catch (RuntimeException ex) {
        LOG.log(Level.FINE, "excursion subscriber failed to close", ex);
      }
    }
  }
}
