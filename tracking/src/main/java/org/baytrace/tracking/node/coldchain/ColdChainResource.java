package org.baytrace.tracking.node.coldchain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.coldchain.ColdChainState;
import org.baytrace.tracking.domain.coldchain.ExcursionBus;
import org.baytrace.tracking.domain.coldchain.ExcursionEvent;
import org.baytrace.tracking.domain.coldchain.Verdict;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The cold chain over HTTP: {@code GET /v1/coldchain/profiles}, {@code
 * /v1/coldchain/verdict?subject=}, {@code /v1/coldchain/chart.svg?subject=} and the excursion
 * stream {@code /v1/coldchain/excursions[?subject=]} (Server-Sent Events, one {@code excursion}
 * event per excursion found from now on, its JSON as data). Errors are problem JSON. Thread-safe.
 */
@Path("/v1/coldchain")
public final class ColdChainResource {
  static final int MAX_SUBJECT = 512;
  private final ColdChainState state;
  private final ExcursionBus bus;

  ColdChainResource(ColdChainState state, ExcursionBus bus) {
    this.state = state;
    this.bus = bus;
  }

  /** Where a subject's chart is served, relative to the node's HTTP root. */
  public static String chartPath(String subject) {
    return "/v1/coldchain/chart.svg?subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  @GET
  @Path("profiles")
  @Produces(MediaType.APPLICATION_JSON)
  public String profiles() {
    ArrayNode a = VerdictJson.JSON.createArrayNode();
    state.profiles().all().forEach(p -> a.add(VerdictJson.profile(p)));
    return a.toString();
  }

  @GET
  @Path("verdict")
  @Produces(MediaType.APPLICATION_JSON)
  public String verdict(@QueryParam("subject") String subject) {
    String s = subject(subject, true);
    Verdict v = state.verdict(s).orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND,
        "subject: no cold-chain record or temperature reading names " + Quoted.of(s)));
    return VerdictJson.verdict(s, v, chartPath(s)).toString();
  }

  @GET
  @Path("chart.svg")
  @Produces("image/svg+xml")
  public Response chart(@QueryParam("subject") String subject) {
    String s = subject(subject, true);
    Verdict v = state.verdict(s).orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND,
        "subject: no cold-chain record or temperature reading names " + Quoted.of(s)));
    return Response.ok(TemperatureChart.svg(s, v, state.samples(s)), "image/svg+xml; charset=utf-8")
        .header("Content-Security-Policy", "default-src 'none'").build();
  }

  @GET
  @Path("excursions")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void excursions(@QueryParam("subject") String subject, @Context SseEventSink sink, @Context Sse sse) {
    String only = subject(subject, false);
    ExcursionBus.Subscriber sub = new ExcursionBus.Subscriber() {
      @Override
      public void onExcursion(ExcursionEvent e) {
        if (only != null && !only.equals(e.subject())) {
          return;
        }
        if (sink.isClosed()) {
          bus.unsubscribe(this);
          return;
        }
        OutboundSseEvent event = sse.newEventBuilder().name("excursion")
            .id(e.detectedAtIndex() + "/" + e.excursion().key()).mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(String.class, VerdictJson.event(e).toString()).build();
        sink.send(event).exceptionally(t -> {
          bus.unsubscribe(this);
          close(sink);
          return null;
        });
      }

      @Override
      public void onClose() {
        close(sink);
      }
    };
    if (!bus.subscribe(sub)) {
      close(sink);
      return;
    }
    // Tells the client the subscription is in place: excursions found from here on will come.
    sink.send(sse.newEventBuilder().comment("subscribed").build());
  }

  /** The subject parameter: a trace code in its canonical Digital Link form, or a URN as given. */
  static String subject(String raw, boolean required) {
    if (raw == null || raw.isEmpty()) {
      if (required) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, "subject: missing, want a trace code, e.g. "
            + "https://id.gs1.org/01/09506000134352/10/LOT-1");
      }
      return null;
    }
    if (raw.length() > MAX_SUBJECT) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "subject: got " + raw.length()
          + " characters, want at most " + MAX_SUBJECT);
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("urn:epc:")) {
      try {
        return TraceCode.parse(raw).toDigitalLink();
      } catch (InvalidTraceCodeException e) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, "subject: " + e.getMessage());
      }
    }
    return raw;
  }

  private static void close(SseEventSink sink) {
    try {
      sink.close();
    } catch (java.io.IOException e) {
      // the connection is gone either way
    }
  }
}
