package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.epcis.record.UniqueEventIdRule;

/**
 * A capture request or event that is refused, as the RFC 7807 problem the EPCIS REST binding
 * describes: {@code type} is the binding's exception ({@code epcisException:ValidationException},
 * {@code …CaptureLimitExceededException}, {@code …UnsupportedMediaTypeException}, …), with the
 * node's usual {@code title}, {@code status}, {@code detail}, {@code instance} and {@code reason}
 * (a {@link LedgerError} name or an HTTP-only reason, as in the rest of the node's HTTP API), plus
 * extension members where they help (the JSON pointer and rule of a schema violation, the event's
 * index, the limit that was exceeded). The same objects are the {@code errors} of a capture job.
 *
 * <p>A client error: no stack trace. Not thread-safe while being built ({@link #with}); read-only
 * afterwards.
 */
final class CaptureProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final String MEDIA_TYPE = "application/problem+json";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String VALIDATION = "epcisException:ValidationException";
  static final String CAPTURE_LIMIT = "epcisException:CaptureLimitExceededException";
  static final String MEDIA = "epcisException:UnsupportedMediaTypeException";
  static final String NOT_ACCEPTABLE = "epcisException:NotAcceptableException";
  static final String EXISTS = "epcisException:ResourceAlreadyExistsException";
  static final String NO_SUCH_RESOURCE = "epcisException:NoSuchResourceException";
  static final String SECURITY = "epcisException:SecurityException";
  static final String IMPLEMENTATION = "epcisException:ImplementationException";

  private final int status;
  private final String type;
  private final String title;
  private final String reason;
  private final transient Map<String, JsonNode> members = new LinkedHashMap<>();
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  CaptureProblem(int status, String type, String title, String reason, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.reason = reason;
  }

  /** 401: the request names no organisation. */
  static CaptureProblem unauthenticated(String detail) {
    return new CaptureProblem(401, SECURITY, "Unauthenticated", "UNAUTHENTICATED", detail)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"baytrace\"");
  }

  /** 400: the request or event is not what EPCIS 2.0 capture accepts. */
  static CaptureProblem validation(String detail) {
    return new CaptureProblem(400, VALIDATION, "Invalid EPCIS capture request", LedgerError.INVALID_ARGUMENT.name(), detail);
  }

  /** 400 for one event that is not acceptable (schema-valid, but not something the ledger can record). */
  static CaptureProblem invalidEvent(String detail) {
    return new CaptureProblem(400, VALIDATION, "Invalid EPCIS event", LedgerError.INVALID_FIELD.name(), detail);
  }

  /** 413 with the limit headers of the binding. */
  static CaptureProblem tooLarge(String detail, CaptureLimits limits) {
    return new CaptureProblem(413, CAPTURE_LIMIT, "Capture payload too large", LedgerError.RECORD_TOO_LARGE.name(), detail)
        .header(EpcisHeaders.CAPTURE_LIMIT, Integer.toString(limits.maxEvents()))
        .header(EpcisHeaders.CAPTURE_FILE_SIZE_LIMIT, Integer.toString(limits.maxDocumentBytes()));
  }

  /** 406: a version (or representation) this node cannot serve. */
  static CaptureProblem notAcceptable(String detail) {
    return new CaptureProblem(406, NOT_ACCEPTABLE, "Not acceptable", "NOT_ACCEPTABLE", detail);
  }

  static CaptureProblem unsupportedMediaType(String detail) {
    return new CaptureProblem(415, MEDIA, "Unsupported media type", "UNSUPPORTED_MEDIA_TYPE", detail);
  }

  static CaptureProblem notFound(String detail) {
    return new CaptureProblem(404, NO_SUCH_RESOURCE, "Resource not found", LedgerError.NOT_FOUND.name(), detail);
  }

  static CaptureProblem tooManyRequests(String detail) {
    return new CaptureProblem(429, IMPLEMENTATION, "Too many requests", LedgerError.TOO_MANY_REQUESTS.name(), detail);
  }

  /** 503: the node holds as much client data as it may; the caller retries later. */
  static CaptureProblem busy(String detail) {
    return new CaptureProblem(503, IMPLEMENTATION, "Capture busy", "SERVER_BUSY", detail);
  }

  static CaptureProblem unavailable(String detail) {
    return new CaptureProblem(503, IMPLEMENTATION, "Capture unavailable", LedgerError.CLOSED.name(), detail);
  }

  /** 409: {@code POST /events} of an event the ledger already holds. */
  static CaptureProblem alreadyExists(String detail) {
    return new CaptureProblem(409, EXISTS, "A resource with the provided identifier already exists",
        "ALREADY_EXISTS", detail);
  }

  /** 500: a bug or an outage; the detail carries only a reference to the node's log. */
  static CaptureProblem internal(String reference) {
    return new CaptureProblem(500, IMPLEMENTATION, "A server-side error occurred", "INTERNAL",
        "unexpected error; the node logged it with reference " + reference);
  }

  /**
   * A ledger refusal of one event's record (or of the whole group), with the ledger error's
   * status and the binding's exception type for it.
   */
  static CaptureProblem fromLedger(LedgerException e) {
    return fromLedger(e, "");
  }

  /** As {@link #fromLedger(LedgerException)}, the detail starting with {@code prefix}. */
  static CaptureProblem fromLedger(LedgerException e, String prefix) {
    LedgerError error = e.error();
    int status = error.httpStatus();
    String type;
    String title;
    if (error == LedgerError.RECORD_TOO_LARGE) {
      type = CAPTURE_LIMIT;
      title = "Event too large for the ledger";
    } else if (error == LedgerError.RULE_VIOLATED && String.valueOf(e.getMessage()).startsWith(UniqueEventIdRule.RULE)) {
      type = EXISTS;
      title = "An event with this eventID already exists";
    } else if (status == 403) {
      type = SECURITY;
      title = "Not allowed to record this event";
    } else if (status >= 400 && status < 500 && status != 429) {
      type = VALIDATION;
      title = "Invalid EPCIS event";
    } else {
      type = IMPLEMENTATION;
      title = status == 429 ? "Too many requests" : "The ledger could not store the event";
    }
    return new CaptureProblem(status, type, title, error.name(), prefix + e.getMessage());
  }

  CaptureProblem with(String member, String value) {
    members.put(member, value == null ? NODES.nullNode() : NODES.textNode(value));
    return this;
  }

  CaptureProblem with(String member, long value) {
    members.put(member, NODES.numberNode(value));
    return this;
  }

  CaptureProblem with(String member, JsonNode value) {
    members.put(member, value);
    return this;
  }

  CaptureProblem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String reason() {
    return reason;
  }

  String detail() {
    return getMessage();
  }

  /** The problem object; {@code instance} (the request path) is left out when null. */
  ObjectNode toJson(String instance) {
    ObjectNode n = NODES.objectNode();
    n.put("type", type);
    n.put("title", title);
    n.put("status", status);
    n.put("detail", getMessage());
    if (instance != null) {
      n.put("instance", instance);
    }
    n.put("reason", reason);
    members.forEach(n::set);
    return n;
  }

  Response toResponse(String instance) {
    Response.ResponseBuilder r = Response.status(status)
        .type(MEDIA_TYPE)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header(EpcisHeaders.EPCIS_VERSION, EpcisHeaders.EPCIS_VERSION_VALUE)
        .entity(toJson(instance).toString());
    headers.forEach(r::header);
    return r.build();
  }

  @Override
  public String toString() {
    return "CaptureProblem[" + status + " " + type + ": " + getMessage() + "]";
  }
}
