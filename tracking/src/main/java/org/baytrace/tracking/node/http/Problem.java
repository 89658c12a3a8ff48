package org.baytrace.tracking.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.baytrace.ledger.error.LedgerError;

/**
 * One RFC 7807 problem document: {@code type}, {@code title}, {@code status}, {@code detail},
 * optionally {@code instance}, plus the extension members {@code reason} (a {@link LedgerError}
 * name, or one of the HTTP-only reasons below) and, for a bad request parameter,
 * {@code parameter}. The one builder of problem JSON for every HTTP answer of the node.
 * Immutable.
 */
public record Problem(int status, String reason, String detail, String instance, String parameter) {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reasons for errors that only exist at the HTTP layer and so are not in the ledger's table. */
  static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
  static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
  static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
  static final String INTERNAL = "INTERNAL";
  /** 401: the route acts for an organisation and the request proved none. */
  static final String UNAUTHENTICATED = "UNAUTHENTICATED";

  static Problem of(LedgerError error, String detail, String instance) {
    return new Problem(error.httpStatus(), error.name(), detail, instance, null);
  }

  /** The type URI: one per reason, e.g. {@code urn:baytrace:problem:index-out-of-range}. */
  String type() {
    return "urn:baytrace:problem:" + reason.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The title: the reason in words, the same for every problem of this type. */
  String title() {
    String words = reason.toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", type());
    n.put("title", title());
    n.put("status", status);
    n.put("detail", detail);
    if (instance != null) {
      n.put("instance", instance);
    }
    n.put("reason", reason);
    if (parameter != null) {
      n.put("parameter", parameter);
    }
    return n.toString();
  }

  /** The response: problem JSON that no cache keeps (an index out of range today exists tomorrow). */
  Response.ResponseBuilder toResponse() {
    return Response.status(status)
        .type(MEDIA_TYPE)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(toJson());
  }
}
