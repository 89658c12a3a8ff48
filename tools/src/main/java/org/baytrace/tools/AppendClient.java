package org.baytrace.tools;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;

/**
 * Streams signed records to a node over one Append stream with at most {@code maxInFlight}
 * unanswered. {@link #submit} blocks while the window is full. Thread-safe for one producer.
 */
final class AppendClient implements AutoCloseable {
  private final Semaphore window;
  private final Map<Long, Consumer<AppendResponse>> waiting = new ConcurrentHashMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final StreamObserver<AppendRequest> requests;
  private volatile Status failure;

  AppendClient(ManagedChannel channel, int maxInFlight) {
    this.window = new Semaphore(maxInFlight);
    this.requests = LedgerServiceGrpc.newStub(channel).append(new StreamObserver<>() {
      @Override
      public void onNext(AppendResponse r) {
        Consumer<AppendResponse> cb = waiting.remove(r.getCorrelationId());
        if (cb != null) {
          cb.accept(r);
          window.release();
        }
      }

      @Override
      public void onError(Throwable t) {
        failure = Status.fromThrowable(t);
        finished.countDown();
        window.release(1 << 20); // unblock a waiting producer
      }

      @Override
      public void onCompleted() {
        finished.countDown();
      }
    });
  }

  /** Sends one record; {@code onResponse} runs on a gRPC thread when its response arrives. */
  void submit(long correlationId, byte[] signedRecord, Consumer<AppendResponse> onResponse) throws InterruptedException {
    window.acquire();
    if (failure != null) {
      throw new CliException(BayTrace.IO_ERROR, "append stream failed: " + failure.getCode() + ": " + failure.getDescription());
    }
    waiting.put(correlationId, onResponse);
    synchronized (requests) {
      requests.onNext(AppendRequest.newBuilder().setCorrelationId(correlationId)
          .setSignedRecord(ByteString.copyFrom(signedRecord)).build());
    }
  }

  /** Half-closes the stream and waits for every response. Returns the stream's failure, or null. */
  Status finish(long timeoutSeconds) throws InterruptedException {
    synchronized (requests) {
      requests.onCompleted();
    }
    if (!finished.await(timeoutSeconds, TimeUnit.SECONDS)) {
      return Status.DEADLINE_EXCEEDED.withDescription(waiting.size() + " records unanswered after " + timeoutSeconds + " s");
    }
    return failure;
  }

  int unanswered() {
    return waiting.size();
  }

  @Override
  public void close() {
    if (finished.getCount() > 0) {
      synchronized (requests) {
        requests.onError(Status.CANCELLED.withDescription("client closed").asRuntimeException());
      }
    }
  }
}
