package org.baytrace.tools;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.baytrace.api.ledger.v1.AppendBatchRequest;
import org.baytrace.api.ledger.v1.AppendBatchResponse;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.LedgerServiceLimits;

/**
 * Streams signed records to a node with at most {@code maxInFlight} unanswered. With a batch
 * size of 1 it uses the Append stream (one message per record); with more, the AppendBatch
 * stream, sending a message each time {@code batchSize} records are waiting (and at
 * {@link #flush}/{@link #finish}). {@link #submit} blocks while the window is full. Thread-safe
 * for one producer.
 */
final class AppendClient implements AutoCloseable {
  private final Semaphore window;
  private final int batchSize;
  private final Map<Long, Consumer<AppendResponse>> waiting = new ConcurrentHashMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final StreamObserver<AppendRequest> single;
  private final StreamObserver<AppendBatchRequest> batches;
  private final List<AppendRequest> unsent = new ArrayList<>(); // producer thread only
  private volatile Status failure;

  AppendClient(ManagedChannel channel, int maxInFlight) {
    this(channel, maxInFlight, 1);
  }

  AppendClient(ManagedChannel channel, int maxInFlight, int batchSize) {
    int most = Math.min(maxInFlight, LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS);
    if (batchSize < 1 || batchSize > most) {
      throw new IllegalArgumentException("batch size must be 1.." + most + " (a node takes at most "
          + LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS + " records per message, and no more than the records in flight)");
    }
    this.window = new Semaphore(maxInFlight);
    this.batchSize = batchSize;
    LedgerServiceGrpc.LedgerServiceStub stub = LedgerServiceGrpc.newStub(channel);
    if (batchSize == 1) {
      this.single = stub.append(responses(this::answered));
      this.batches = null;
    } else {
      this.single = null;
      this.batches = stub.appendBatch(responses(b -> b.getResponsesList().forEach(this::answered)));
    }
  }

  private <R> StreamObserver<R> responses(Consumer<R> onAnswer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(R r) {
        onAnswer.accept(r);
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
    };
  }

  private void answered(AppendResponse r) {
    Consumer<AppendResponse> cb = waiting.remove(r.getCorrelationId());
    if (cb != null) {
      cb.accept(r);
      window.release();
    }
  }

  /** Queues one record; {@code onResponse} runs on a gRPC thread when its response arrives. */
  void submit(long correlationId, byte[] signedRecord, Consumer<AppendResponse> onResponse) throws InterruptedException {
    window.acquire();
    if (failure != null) {
      throw new CliException(BayTrace.IO_ERROR, "append stream failed: " + failure.getCode() + ": " + failure.getDescription());
    }
    waiting.put(correlationId, onResponse);
    AppendRequest request = AppendRequest.newBuilder().setCorrelationId(correlationId)
        .setSignedRecord(ByteString.copyFrom(signedRecord)).build();
    if (single != null) {
      synchronized (single) {
        single.onNext(request);
      }
      return;
    }
    unsent.add(request);
    if (unsent.size() >= batchSize) {
      flush();
    }
  }

  /** Sends the records queued but not yet sent. */
  void flush() {
    if (batches == null || unsent.isEmpty()) {
      return;
    }
    AppendBatchRequest message = AppendBatchRequest.newBuilder().addAllRequests(unsent).build();
    unsent.clear();
    synchronized (batches) {
      batches.onNext(message);
    }
  }

  /** Sends what is queued, half-closes the stream and waits for every response. Returns the stream's failure, or null. */
  Status finish(long timeoutSeconds) throws InterruptedException {
    flush();
    StreamObserver<?> requests = single != null ? single : batches;
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
      StreamObserver<?> requests = single != null ? single : batches;
      synchronized (requests) {
        requests.onError(Status.CANCELLED.withDescription("client closed").asRuntimeException());
      }
    }
  }
}
