package org.baytrace.tracking.node.tracecodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.gs1.CompanyPrefixLookup;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/**
 * Trace-code conversion for partners: {@code GET /v1/trace-codes?code=...} takes a GS1 Digital
 * Link or an EPC URI and answers both forms. Digital Link → EPC URI needs the length of the GS1
 * company prefix, taken from the prefixes the organisation registry lists for its members.
 * Thread-safe.
 */
public final class TraceCodes {
  private final CompanyPrefixLookup prefixes;
  private final UnaryOperator<String> printedLink; // null: no printed form

  public TraceCodes(CompanyPrefixLookup prefixes) {
    this(prefixes, null);
  }

  private TraceCodes(CompanyPrefixLookup prefixes, UnaryOperator<String> printedLink) {
    this.prefixes = prefixes;
    this.printedLink = printedLink;
  }

  /**
   * These conversions also answering {@code "printedLink"}: what to print on a label or in its QR
   * code for the canonical Digital Link, e.g. the resolver's host with the ledger's trust root
   * ({@code Resolver::printedLink}).
   */
  public TraceCodes withPrintedLinks(UnaryOperator<String> fromCanonicalDigitalLink) {
    return new TraceCodes(prefixes, fromCanonicalDigitalLink);
  }

  /** A lookup over every GS1 company prefix the registry's organisations own. */
  public static TraceCodes fromRegistry(OrgRegistry registry) {
    List<String> all = new ArrayList<>();
    registry.orgs().forEach(o -> all.addAll(o.gs1CompanyPrefixes()));
    return new TraceCodes(lookup(all));
  }

  static CompanyPrefixLookup lookup(Collection<String> prefixes) {
    return CompanyPrefixLookup.ofKnownPrefixes(prefixes);
  }

  /** Both forms of {@code code}; the EPC URI is null when no registered prefix starts the key. */
  public ObjectNode describe(String code) {
    TraceCode parsed;
    try {
      parsed = TraceCode.parse(code);
    } catch (InvalidTraceCodeException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "code: " + e.getMessage());
    }
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("input", code);
    out.put("kind", parsed.getClass().getSimpleName());
    out.put("digitalLink", parsed.toDigitalLink());
    if (printedLink != null) {
      out.put("printedLink", printedLink.apply(parsed.toDigitalLink()));
    }
    // An EPC URI already marks where the company prefix ends; a Digital Link needs the registry.
    CompanyPrefixLookup lookup = code.startsWith("urn:epc:") ? fromUrn(code, prefixes) : prefixes;
    try {
      out.put("epcUri", parsed.toEpcUrn(lookup));
    } catch (InvalidTraceCodeException e) {
      out.putNull("epcUri");
      out.put("epcUriProblem", e.getMessage());
    }
    return out;
  }

  /** The EPC URI's own company prefix (the digits before its first dot) first, then the registry's. */
  private static CompanyPrefixLookup fromUrn(String urn, CompanyPrefixLookup registry) {
    String body = urn.substring(urn.lastIndexOf(':') + 1);
    int dot = body.indexOf('.');
    if (dot < 6 || dot > 12) {
      return registry;
    }
    CompanyPrefixLookup own = lookup(List.of(body.substring(0, dot)));
    return digits -> {
      try {
        return own.prefixLength(digits);
      } catch (InvalidTraceCodeException e) {
        return registry.prefixLength(digits);
      }
    };
  }

  /** What to pass to {@code LedgerHttpServer.start}: the resource and the binder for this instance. */
  public Object[] httpComponents() {
    TraceCodes self = this;
    return new Object[] {
      Resource.class,
      new AbstractBinder() {
        @Override
        protected void configure() {
          bind(self).to(TraceCodes.class);
        }
      }
    };
  }

  /** {@code GET /v1/trace-codes?code=...}. */
  @Path("v1/trace-codes")
  public static final class Resource {
    @Inject TraceCodes codes;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode get(@QueryParam("code") String code) {
      if (code == null || code.isBlank()) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT,
            "code: missing, want a GS1 Digital Link or an EPC URI, e.g. ?code=urn:epc:id:sgtin:0614141.107346.2018");
      }
      return codes.describe(code);
    }
  }
}
