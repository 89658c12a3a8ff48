package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.registry.GenesisRoot;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;

/**
 * The resolver's API under {@code /v1/resolver}: the receipts bundle of a trace code and the
 * page's static assets. Errors are problem JSON. Thread-safe.
 */
@Path("v1/resolver")
@Singleton
public final class ResolverApiResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JS = "text/javascript; charset=utf-8";
  /**
   * The page's stylesheet and scripts: {@code resolver.js} (times in the viewer's zone) and the
   * {@code verify-*.js} modules that verify the page on the phone, by concern: bytes and protobuf,
   * Merkle proofs, signatures (Ed25519, notes, trust root), the facts an event shows, the checks
   * over one proofs bundle, the registry followed from the genesis trust root, messages,
   * and the page that ties them together.
   */
  private static final Map<String, String> ASSETS = Map.of(
      "resolver.css", "text/css; charset=utf-8",
      "resolver.js", JS,
      "verify-bytes.js", JS,
      "verify-merkle.js", JS,
      "verify-signatures.js", JS,
      "verify-facts.js", JS,
      "verify-proofs.js", JS,
      "verify-registry.js", JS,
      "verify-messages.js", JS,
      "verify-page.js", JS);
  private static final Map<String, byte[]> ASSET_BYTES = loadAssets();

  private final Resolver resolver;

  @Inject
  public ResolverApiResource(Resolver resolver) {
    this.resolver = resolver;
  }

  /**
   * The receipts of every event the page of the code shows (and of the error declarations that
   * withdrew events), as a JSON array of DESIGN §3.4 receipts, all against one signed checkpoint.
   * Each verifies offline with {@code baytrace verify} and the node's verifier key.
   */
  @GET
  @Path("receipts/{code: .+}")
  public Response receipts(@Context UriInfo uri) {
    String path = uri.getPath(false);
    String codePath = path.substring(path.indexOf("receipts/") + "receipts/".length());
    TraceCode code;
    try {
      code = Resolver.keyOf("/" + codePath);
    } catch (InvalidTraceCodeException e) {
      return Responses.error(true, Lang.EN, 400, null, e.getMessage(), null, uri);
    }
    Optional<Resolver.Resolved> resolved;
    try {
      resolved = resolver.resolve(code, Lang.EN);
    } catch (RuntimeException e) {
      return Responses.failure(true, Lang.EN, e, uri);
    }
    if (resolved.isEmpty()) {
      return Responses.error(true, Lang.EN, 404, null, "trace code " + code.toDigitalLink()
          + ": no events in this ledger", null, uri);
    }
    ArrayNode out = JSON.createArrayNode();
    Map<Long, Receipt> receipts = resolved.get().checks().receipts();
    for (Receipt r : receipts.values()) { // every record the page uses: events, legs, cold-chain records
      out.add(json(r));
    }
    String file = "receipts-" + code.toDigitalLink().substring("https://id.gs1.org/".length())
        .replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    return Response.ok(out.toString()).type(Responses.JSON_UTF8).header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
  }

  private static JsonNode json(Receipt r) {
    try {
      return JSON.readTree(r.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the receipt writes JSON
    }
  }

  /**
   * The ledger's trust root (ledger README, "Trust root"): {@code id}, what printed codes carry as
   * {@code ?trustRoot=} (for a ledger that begins with its genesis, the hash of entry 0, {@code
   * version} {@code baytrace/trust-root/v2}, with {@code genesisLeafHash}; else the key-set root,
   * {@code baytrace/trust-root/v1}), and {@code canonical}, the text that id hashes; then who signs
   * today's checkpoints, as a key-set root: {@code origin}, {@code threshold}, {@code keys} and
   * {@code keysId}, the id a code printed for those keys carries. A client takes none of it on
   * this node's word: it recomputes the ids, from the keys or from entry 0 and the registry's
   * governance entries (the proofs route with {@code governance=true}), and compares with the id
   * it got out of band (the printed code).
   */
  @GET
  @Path("trust-root")
  @Produces(MediaType.APPLICATION_JSON)
  public Response trustRoot() {
    TrustRoot signers = resolver.trustRoot();
    Optional<GenesisRoot> genesis = resolver.genesisRoot();
    ObjectNode n = JSON.createObjectNode();
    if (genesis.isPresent()) {
      n.put("id", genesis.get().id()).put("version", GenesisRoot.VERSION)
          .put("genesisLeafHash", genesis.get().genesisLeafHash().base64()).put("canonical", genesis.get().canonicalText());
    } else {
      n.put("id", signers.id()).put("version", TrustRoot.VERSION).put("canonical", signers.canonicalText());
    }
    n.put("origin", signers.origin()).put("threshold", signers.threshold());
    ArrayNode keys = n.putArray("keys");
    signers.keys().forEach(k -> keys.add(k.encode()));
    n.put("keysId", signers.id()).put("keysCanonical", signers.canonicalText());
    // Who signs changes with the registry: revalidate soon.
    return Response.ok(n.toString()).type(Responses.JSON_UTF8).header(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
        .build();
  }

  /** The page's stylesheet and scripts. */
  @GET
  @Path("assets/{name}")
  public Response asset(@PathParam("name") String name, @Context UriInfo uri) {
    byte[] bytes = ASSET_BYTES.get(name);
    if (bytes == null) {
      return Responses.error(true, Lang.EN, 404, null, "asset: got " + name + ", want one of "
          + new java.util.TreeSet<>(ASSETS.keySet()), null, uri);
    }
    return Response.ok(bytes).type(ASSETS.get(name)).header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600").build();
  }

  private static Map<String, byte[]> loadAssets() {
    Map<String, byte[]> out = new java.util.HashMap<>();
    for (String name : ASSETS.keySet()) {
      if (name.equals("resolver.css")) {
        out.put(name, PageLayout.stylesheet()); // the one stylesheet of every page, kept with the layout
        continue;
      }
      try (InputStream in = ResolverApiResource.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("resource " + name + " missing beside " + ResolverApiResource.class.getName());
        }
        out.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      }
    }
    return Map.copyOf(out);
  }
}
