package org.baytrace.tracking.node.coldchain;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.baytrace.api.coldchain.v1.ColdChainServiceGrpc;
import org.baytrace.api.coldchain.v1.Excursion;
import org.baytrace.api.coldchain.v1.ExcursionKind;
import org.baytrace.api.coldchain.v1.WatchExcursionsRequest;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.coldchain.ExcursionBus;
import org.baytrace.tracking.domain.coldchain.ExcursionEvent;
import org.baytrace.tracking.node.grpc.GrpcErrors;

/**
 * baytrace.coldchain.v1.ColdChainService: each WatchExcursions call subscribes to the {@link
 * ExcursionBus} until the client cancels or the node stops (UNAVAILABLE). Thread-safe.
 */
final class ColdChainGrpcService extends ColdChainServiceGrpc.ColdChainServiceImplBase {
  private final ExcursionBus bus;

  ColdChainGrpcService(ExcursionBus bus) {
    this.bus = bus;
  }

  @Override
  public void watchExcursions(WatchExcursionsRequest request, StreamObserver<Excursion> out) {
    String only;
    try {
      only = ColdChainResource.subject(request.getSubject(), false);
    } catch (LedgerException e) {
      out.onError(GrpcErrors.toException(e));
      return;
    }
    ServerCallStreamObserver<Excursion> call = (ServerCallStreamObserver<Excursion>) out;
    ExcursionBus.Subscriber sub = new ExcursionBus.Subscriber() {
      private boolean done; // guarded by this

      @Override
      public synchronized void onExcursion(ExcursionEvent e) {
        if (done || (only != null && !only.equals(e.subject()))) {
          return;
        }
        if (call.isCancelled()) {
          done = true;
          bus.unsubscribe(this);
          return;
        }
        call.onNext(toProto(e));
      }

      @Override
      public synchronized void onClose() {
        if (!done) {
          done = true;
          call.onError(Status.UNAVAILABLE.withDescription("the node is stopping; reconnect").asRuntimeException());
        }
      }
    };
    call.setOnCancelHandler(() -> bus.unsubscribe(sub));
    if (!bus.subscribe(sub)) {
      out.onError(GrpcErrors.toException(new LedgerException(LedgerError.CLOSED, "the node is stopping")));
    }
  }

  static Excursion toProto(ExcursionEvent e) {
    org.baytrace.tracking.domain.coldchain.Excursion x = e.excursion();
    Excursion.Builder b = Excursion.newBuilder().setSubject(e.subject()).setCommodity(e.commodity())
        .setKind(ExcursionKind.valueOf(x.kind().name())).setAbove(x.above()).setStartUnixMillis(x.startMillis())
        .setEndUnixMillis(x.endMillis()).setDurationMillis(x.durationMillis()).setWorstCelsius(x.worstCelsius())
        .setDegreesBeyond(x.degreesBeyond()).setLocation(x.location()).setDetectedAtIndex(e.detectedAtIndex());
    x.ledgerIndexes().forEach(b::addLedgerIndexes);
    return b.build();
  }
}
