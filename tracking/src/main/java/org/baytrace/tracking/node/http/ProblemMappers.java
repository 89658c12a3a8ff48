package org.baytrace.tracking.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.glassfish.jersey.server.ExtendedUriInfo;

/**
 * The exception mappers that turn every failure into RFC 7807 problem JSON: ledger errors with
 * the status of their row in the {@link LedgerError} table, bad parameters, JAX-RS errors
 * (unknown path, wrong method, …) and, last, anything unexpected, which is logged with a
 * reference and reported without its stack trace. Stateless; thread-safe.
 */
final class ProblemMappers {
  static final Logger LOG = Logger.getLogger(ProblemMappers.class.getPackageName());

  private ProblemMappers() {}

  /** The mapper instances to register. */
  static Object[] all() {
    return new Object[] {new Ledger(), new Parameter(), new Web(), new Json(), new Unexpected()};
  }

  /** The request path as received (still percent-encoded), for the problem's {@code instance}. */
  static String instance(UriInfo uri) {
    try {
      return "/" + uri.getPath(false);
    } catch (RuntimeException e) {
      return null; // no request in scope
    }
  }

  /**
   * How a log line names the request: its route template, not its path, since a path can carry
   * what must not reach a log (a parcel's waybill number); the request id ties the line to it.
   */
  static String logged(UriInfo uri) {
    String route = Routes.matched(uri);
    return route.equals(Routes.UNMATCHED) ? "an unmatched path" : route;
  }

  static final class Ledger implements ExceptionMapper<LedgerException> {
    @Context private ExtendedUriInfo uri;

    @Override
    public Response toResponse(LedgerException e) {
      LedgerError error = e.error();
      String path = instance(uri);
      if (error.httpStatus() < 500) {
        return Problem.of(error, e.getMessage(), path).toResponse().build();
      }
      // The node's fault, not the client's: the reason says what kind; the message (which may
      // name paths on the node's disk) goes to the log, under a reference the client can quote.
      String ref = UUID.randomUUID().toString();
      if (error == LedgerError.STORE_CORRUPT) {
        LOG.log(Level.SEVERE, "ledger error serving " + logged(uri) + " (reference " + ref + "): " + e, e);
      } else {
        LOG.log(Level.WARNING, "ledger unavailable serving " + logged(uri) + " (reference " + ref + "): " + e);
      }
      String detail = Problem.of(error, "", path).title() + "; the node logged the details with reference " + ref;
      return Problem.of(error, detail, path).toResponse().build();
    }
  }

  static final class Parameter implements ExceptionMapper<ParameterException> {
    @Context private ExtendedUriInfo uri;

    @Override
    public Response toResponse(ParameterException e) {
      return new Problem(e.error().httpStatus(), e.error().name(), e.getMessage(), instance(uri), e.parameter())
          .toResponse().build();
    }
  }

  /** Errors Jersey raises itself: no such resource, method not allowed, not acceptable, …. */
  static final class Web implements ExceptionMapper<WebApplicationException> {
    @Context private ExtendedUriInfo uri;
    @Context private Request request;

    @Override
    public Response toResponse(WebApplicationException e) {
      Response original = e.getResponse();
      if (original.hasEntity() && Problem.MEDIA_TYPE.equals(String.valueOf(original.getMediaType()))) {
        return original; // a resource that already answers with problem JSON
      }
      int status = original.getStatus();
      String method = request == null ? "?" : request.getMethod();
      String path = instance(uri);
      String reason;
      String detail;
      switch (status) {
        case 404 -> {
          reason = LedgerError.NOT_FOUND.name();
          detail = "path: got " + path + ", want one of the /v1/ledger resources";
        }
        case 405 -> {
          reason = Problem.METHOD_NOT_ALLOWED;
          detail = "method: got " + method + " for " + path + ", want one of " + new TreeSet<>(original.getAllowedMethods());
        }
        case 406 -> {
          reason = Problem.NOT_ACCEPTABLE;
          detail = "Accept: no representation of " + path + " matches the Accept header";
        }
        case 415 -> {
          reason = Problem.UNSUPPORTED_MEDIA_TYPE;
          detail = "Content-Type: not accepted by " + method + " " + path;
        }
        default -> {
          if (status >= 500) {
            String ref = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "error serving " + method + " " + logged(uri) + " (reference " + ref + ")", e);
            reason = Problem.INTERNAL;
            detail = "HTTP " + status + "; the node logged the details with reference " + ref;
          } else {
            reason = LedgerError.INVALID_ARGUMENT.name();
            detail = e.getMessage() == null ? "HTTP " + status : e.getMessage();
          }
        }
      }
      Response.ResponseBuilder out = new Problem(status, reason, detail, path, null).toResponse();
      if (e instanceof NotAllowedException) {
        out.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
      }
      return out.build();
    }
  }

  /** A request body that is not the JSON a resource wants (for resources that take bodies). */
  static final class Json implements ExceptionMapper<JsonProcessingException> {
    @Context private ExtendedUriInfo uri;

    @Override
    public Response toResponse(JsonProcessingException e) {
      return Problem.of(LedgerError.INVALID_ARGUMENT, "request body: not the JSON wanted: " + e.getOriginalMessage(),
          instance(uri)).toResponse().build();
    }
  }

  /** Anything else is a bug or an outage: logged in full, reported with a reference only. */
  static final class Unexpected implements ExceptionMapper<Throwable> {
    @Context private ExtendedUriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
      String ref = UUID.randomUUID().toString();
      String path = instance(uri);
      LOG.log(Level.SEVERE, "unexpected error serving " + logged(uri) + " (reference " + ref + ")", e);
      return new Problem(500, Problem.INTERNAL, "unexpected error; the node logged it with reference " + ref, path, null)
          .toResponse().build();
    }
  }
}
