package org.baytrace.tracking.node.epcis.capture;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.baytrace.ledger.Appended;

/**
 * {@code POST /events} of the EPCIS 2.0 REST binding: one event (JSON-LD with its own
 * {@code @context}), captured synchronously. Answers 201 once the record is synced, with the
 * event as recorded (its {@code eventID} filled in when it had none) in the body, its URL
 * ({@code /events/{eventID}}, the id percent-encoded as one path segment) in {@code Location},
 * and where the ledger holds it in {@code BayTrace-Ledger-Index} and {@code BayTrace-Leaf-Hash}
 * (hex). The same event sent again is not stored again: 409
 * ({@code epcisException:ResourceAlreadyExistsException}) naming the index of the copy held.
 * Other refusals as for {@code /capture} (400, 403, 413, 415), per this one event.
 *
 * <p>Only {@code POST} lives here; {@code GET /events} belongs to the query side, whose resource
 * shares the path (Jersey merges resources with the same path). Thread-safe.
 */
@Path("/events")
public final class EventCaptureResource {
  static final String LEDGER_INDEX = "BayTrace-Ledger-Index";
  static final String LEAF_HASH = "BayTrace-Leaf-Hash";

  @Inject private EpcisCapture capture;
  @Context private SecurityContext security;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response captureEvent(@Context HttpHeaders headers, InputStream body) {
    RequestBodies.checkContentType(headers);
    EpcisHeaders.checkVersion(EpcisHeaders.EPCIS_VERSION, headers.getHeaderString(EpcisHeaders.EPCIS_VERSION));
    EpcisHeaders.checkVersion(EpcisHeaders.CBV_VERSION, headers.getHeaderString(EpcisHeaders.CBV_VERSION));
    byte[] bytes = RequestBodies.read(headers, body, capture.limits());
    EpcisCapture.CapturedEvent captured = capture.captureEvent(bytes, CallerOrg.of(security));
    Appended a = captured.appended();
    URI location = URI.create("events/" + pathSegment(captured.eventId()));
    if (a.duplicate()) {
      throw CaptureProblem.alreadyExists("eventID " + captured.eventId() + ": the ledger already holds this event at index "
          + a.index() + " (captured before); nothing new was stored")
          .with("eventID", captured.eventId())
          .with("ledgerIndex", a.index())
          .with("entry", "/v1/ledger/entries/" + a.index())
          .header(HttpHeaders.LOCATION, "/" + location)
          .header(LEDGER_INDEX, Long.toString(a.index()))
          .header(LEAF_HASH, a.leafHash().hex());
    }
    return CaptureResource.versioned(Response.created(location))
        .entity(captured.content().toString())
        .type(RequestBodies.LD_JSON)
        .header(LEDGER_INDEX, a.index())
        .header(LEAF_HASH, a.leafHash().hex())
        .build();
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters, so an id is one path segment. */
  static String pathSegment(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
