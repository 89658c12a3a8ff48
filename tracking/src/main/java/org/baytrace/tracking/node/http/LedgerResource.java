package org.baytrace.tracking.node.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * The read API for auditors under {@code /v1/ledger}: checkpoint, head, verifier keys, entries,
 * receipts, consistency proofs and subject histories. Every parameter is parsed here from its
 * raw text, and checked against one snapshot of the tree head before the ledger is asked, so
 * refusals name the parameter as the client spelled it. Stateless apart from the ledger;
 * thread-safe.
 */
@Path("/v1/ledger")
@Singleton
public final class LedgerResource {
  static final String TEXT_UTF8 = "text/plain; charset=utf-8";
  /** One proofs request covers at most this many entries (a consumer page shows at most 500 events). */
  public static final int MAX_PROOF_INDEXES = 1000;
  /** A proofs answer carries at most this many governance entries (registry changes are rare). */
  public static final int MAX_GOVERNANCE_ENTRIES = 1000;
  /** Subject histories are served in pages of at most this many entries. */
  static final int MAX_HISTORY_LIMIT = 1000;
  static final int DEFAULT_HISTORY_LIMIT = 100;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String NO_CACHE = "no-cache";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  // A receipt for a fixed tree size carries that size's checkpoint note, to which other nodes may
  // still add cosignatures (DESIGN §3.3): stable, but not byte-for-byte immutable.
  private static final String FIXED_SIZE_RECEIPT = "public, max-age=3600";
  private static final String KEYS = "public, max-age=300";

  private final Ledger ledger;

  /** Created by Jersey, once: the ledger is the application's {@link LedgerHttpServer#LEDGER_PROPERTY}. */
  public LedgerResource(@Context Configuration config) {
    this.ledger = LedgerHttpServer.ledger(config);
  }

  /**
   * The latest signed checkpoint note (DESIGN §3.3), ETag so that pollers can revalidate; with
   * {@code ?treeSize=N} the note for that older size (as stored, with its cosignatures, or signed
   * now by this node over its own root for that size). A size beyond the tree is a bad request.
   */
  @GET
  @Path("checkpoint")
  @Produces(TEXT_UTF8)
  public Response checkpoint(@Context Request request, @Context UriInfo uri) {
    String rawSize = Params.single(uri.getQueryParameters(), "treeSize");
    String note;
    if (rawSize == null) {
      note = ledger.latestCheckpoint();
    } else {
      long current = ledger.head().size();
      long treeSize = Params.nonNegative("treeSize", rawSize);
      if (treeSize > current) {
        throw Params.invalid("treeSize", "treeSize: got " + treeSize + ", want 0 <= treeSize <= " + current
            + " (the current tree size)");
      }
      note = ledger.checkpointAt(treeSize);
    }
    EntityTag tag = new EntityTag(Sha256.hash(note.getBytes(StandardCharsets.UTF_8)).hex());
    // An older size's note is fixed apart from cosignatures other members may still add.
    String cache = rawSize == null ? NO_CACHE : FIXED_SIZE_RECEIPT;
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.header(HttpHeaders.CACHE_CONTROL, cache).build();
    }
    return Response.ok(note).tag(tag).header(HttpHeaders.CACHE_CONTROL, cache).build();
  }

  /** {@code {"size": n, "rootHash": "<base64>"}} of the current tree. */
  @GET
  @Path("head")
  @Produces(MediaType.APPLICATION_JSON)
  public Response head(@Context Request request) {
    TreeHead head = ledger.head();
    EntityTag tag = new EntityTag(head.size() + "-" + head.root().hex());
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.header(HttpHeaders.CACHE_CONTROL, NO_CACHE).build();
    }
    ObjectNode n = NODES.objectNode().put("size", head.size()).put("rootHash", head.root().base64());
    return Response.ok(n.toString()).tag(tag).header(HttpHeaders.CACHE_CONTROL, NO_CACHE).build();
  }

  /** This node's checkpoint verifier key(s), one per line, in the standard vkey form. */
  @GET
  @Path("vkeys")
  @Produces(TEXT_UTF8)
  public Response verifierKeys() {
    return Response.ok(ledger.verifierKey().encode() + "\n").header(HttpHeaders.CACHE_CONTROL, KEYS).build();
  }

  @GET
  @Path("entries/{index}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response entry(@PathParam("index") String rawIndex) {
    long size = ledger.head().size();
    long index = Params.nonNegative("index", rawIndex);
    checkIndex(index, size, "the tree size");
    return Response.ok(EntryJson.toJson(ledger.entry(index)).toString()).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).build();
  }

  /**
   * The receipt JSON of DESIGN §3.4 for entry {@code index}, against the tree of {@code treeSize}
   * if given, else against the current tree.
   */
  @GET
  @Path("receipt/{index}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response receipt(@PathParam("index") String rawIndex, @Context UriInfo uri) {
    long current = ledger.head().size();
    long index = Params.nonNegative("index", rawIndex);
    String rawSize = Params.single(uri.getQueryParameters(), "treeSize");
    long treeSize = current;
    if (rawSize != null) {
      treeSize = Params.positive("treeSize", rawSize);
      if (treeSize > current) {
        throw Params.outOfRange(LedgerError.TREE_SIZE_OUT_OF_RANGE, "treeSize",
            "treeSize: got " + treeSize + ", want 1 <= treeSize <= " + current + " (the current tree size)");
      }
    }
    checkIndex(index, treeSize, rawSize == null ? "the current tree size" : "treeSize");
    String json = ledger.receipt(index, treeSize).toJson();
    return Response.ok(json).header(HttpHeaders.CACHE_CONTROL, rawSize == null ? NO_CACHE : FIXED_SIZE_RECEIPT).build();
  }

  /** {@code {"fromSize": N, "toSize": M, "consistencyProof": ["<base64>", …]}} (RFC 9162 §2.1.4). */
  @GET
  @Path("consistency")
  @Produces(MediaType.APPLICATION_JSON)
  public Response consistency(@Context UriInfo uri) {
    long current = ledger.head().size();
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    long from = Params.requiredNonNegative(q, "from", "the older tree size");
    long to = Params.requiredNonNegative(q, "to", "the newer tree size");
    if (from > to) {
      throw Params.invalid("from", "from: got " + from + ", want from <= to (" + to + ")");
    }
    if (to > current) {
      throw Params.outOfRange(LedgerError.TREE_SIZE_OUT_OF_RANGE, "to",
          "to: got " + to + ", want to <= " + current + " (the current tree size)");
    }
    List<Hash32> proof = ledger.consistencyProof(from, to);
    ObjectNode n = NODES.objectNode().put("fromSize", from).put("toSize", to);
    ArrayNode hashes = n.putArray("consistencyProof");
    proof.forEach(h -> hashes.add(h.base64()));
    return Response.ok(n.toString()).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).build();
  }

  /**
   * Everything a browser needs to verify the entries a page shows, in one answer: the served
   * checkpoint note (the cosigned one in a cluster), and for each entry of {@code
   * indexes=i,j,...} (distinct, at most {@value #MAX_PROOF_INDEXES}) its leaf bytes and its RFC 9162
   * inclusion proof against that checkpoint's tree; with {@code from=M}, also the consistency
   * proof from the tree of size M to it (for a client that verified size M before). Shape:
   * <pre>{@code
   * {"checkpoint": "<note>", "treeSize": N,
   *  "entries": [{"index": i, "leaf": "<base64>", "inclusionProof": ["<base64>", ...]}, ...],
   *  "consistency": {"fromSize": M, "toSize": N, "proof": ["<base64>", ...]}}
   * }</pre>
   * An index beyond the checkpoint's tree is listed in {@code "uncovered"} instead (a cluster
   * serves the newest checkpoint a quorum cosigned, which may lag the head by a moment). With
   * {@code from} beyond the checkpoint's tree the proof runs the other way, from the served size
   * to {@code from}; beyond this node's whole log it is {@code "consistency": null} (the node
   * holds a shorter history than the client saw). With {@code governance=true}, also {@code
   * "governance"}: every entry of the registry's subject ({@link GovernanceRecords#SUBJECT}) below
   * the checkpoint's tree size, oldest first (entry 0 is the genesis of a ledger that begins with
   * one), each with its leaf and inclusion proof like {@code "entries"}, so that a client holding
   * the ledger's genesis trust root follows the registry to the members who sign the checkpoint.
   * Malformed or too many indexes are a bad request.
   */
  @GET
  @Path("proofs")
  @Produces(MediaType.APPLICATION_JSON)
  public Response proofs(@Context UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String rawIndexes = Params.single(q, "indexes");
    if (rawIndexes == null || rawIndexes.isEmpty()) {
      throw Params.invalid("indexes", "indexes: missing, want a comma-separated list of entry indexes");
    }
    String[] parts = rawIndexes.split(",", -1);
    if (parts.length > MAX_PROOF_INDEXES) {
      throw Params.invalid("indexes", "indexes: got " + parts.length + ", want at most " + MAX_PROOF_INDEXES);
    }
    LinkedHashSet<Long> indexes = new LinkedHashSet<>();
    for (String part : parts) {
      long index = Params.nonNegative("indexes", part);
      if (!indexes.add(index)) {
        throw Params.invalid("indexes", "indexes: got " + index + " twice, want distinct indexes");
      }
    }
    String rawFrom = Params.single(q, "from");
    long from = rawFrom == null ? -1 : Params.nonNegative("from", rawFrom);
    String rawGovernance = Params.single(q, "governance");
    if (rawGovernance != null && !rawGovernance.equals("true") && !rawGovernance.equals("false")) {
      throw Params.invalid("governance", "governance: got " + Quoted.of(rawGovernance) + ", want true or false");
    }
    String note = ledger.latestCheckpoint();
    long size = servedSize(note);
    ObjectNode n = NODES.objectNode().put("checkpoint", note).put("treeSize", size);
    ArrayNode entries = n.putArray("entries");
    ArrayNode uncovered = n.putArray("uncovered");
    for (long index : indexes) {
      if (index >= size) {
        uncovered.add(index);
        continue;
      }
      Receipt r = ledger.receipt(index, size);
      ObjectNode e = entries.addObject().put("index", index).put("leaf", Base64.getEncoder().encodeToString(r.leaf()));
      ArrayNode proof = e.putArray("inclusionProof");
      r.inclusionProof().forEach(h -> proof.add(Base64.getEncoder().encodeToString(h)));
    }
    if ("true".equals(rawGovernance)) {
      ArrayNode governance = n.putArray("governance");
      List<StoredEntry> history = ledger.subjectHistory(GovernanceRecords.SUBJECT, 0, MAX_GOVERNANCE_ENTRIES + 1);
      if (history.size() > MAX_GOVERNANCE_ENTRIES && history.get(MAX_GOVERNANCE_ENTRIES).index() < size) {
        throw Params.invalid("governance", "governance: the ledger holds more than " + MAX_GOVERNANCE_ENTRIES
            + " governance entries, more than one answer carries; verify its registry with baytrace registry show");
      }
      for (StoredEntry g : history) {
        if (g.index() >= size) {
          break;
        }
        Receipt r = ledger.receipt(g.index(), size);
        ObjectNode e = governance.addObject().put("index", g.index()).put("leaf", Base64.getEncoder().encodeToString(r.leaf()));
        ArrayNode proof = e.putArray("inclusionProof");
        r.inclusionProof().forEach(h -> proof.add(Base64.getEncoder().encodeToString(h)));
      }
    }
    if (rawFrom != null) {
      // A client that saw a larger tree (a cluster's cosigned checkpoint may lag the head) gets
      // the proof from the served size up to its size, if this node holds that many entries.
      long older = Math.min(from, size);
      long newer = Math.max(from, size);
      if (newer > ledger.head().size()) {
        n.putNull("consistency");
      } else {
        ObjectNode c = n.putObject("consistency").put("fromSize", older).put("toSize", newer);
        ArrayNode proof = c.putArray("proof");
        ledger.consistencyProof(older, newer).forEach(h -> proof.add(h.base64()));
      }
    }
    return Response.ok(n.toString()).header(HttpHeaders.CACHE_CONTROL, NO_CACHE).build();
  }

  // The tree size a served note names (second line); the ledger wrote it, so it parses.
  private static long servedSize(String note) {
    int first = note.indexOf('\n');
    return Long.parseLong(note.substring(first + 1, note.indexOf('\n', first + 1)));
  }

  /**
   * The entries naming {@code subject} (URL-encoded in the path), oldest first, as a JSON list
   * in the shape of {@link #entry}: at most {@code limit} (default 100, at most 1000) from entry
   * index {@code fromIndex} (default 0) on. When there are more, a {@code Link: <…>; rel="next"}
   * header gives the next page. A subject with no entries has an empty list.
   */
  @GET
  @Path("subjects/{subject}/history")
  @Produces(MediaType.APPLICATION_JSON)
  public Response subjectHistory(@PathParam("subject") String subject, @Context UriInfo uri) {
    checkSubject(subject);
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String rawFrom = Params.single(q, "fromIndex");
    long fromIndex = rawFrom == null ? 0 : Params.nonNegative("fromIndex", rawFrom);
    String rawLimit = Params.single(q, "limit");
    long limit = rawLimit == null ? DEFAULT_HISTORY_LIMIT : Params.positive("limit", rawLimit);
    if (limit > MAX_HISTORY_LIMIT) {
      throw Params.invalid("limit", "limit: got " + limit + ", want 1 <= limit <= " + MAX_HISTORY_LIMIT);
    }
    List<StoredEntry> entries = ledger.subjectHistory(subject, fromIndex, (int) limit + 1);
    ArrayNode list = NODES.arrayNode();
    entries.stream().limit(limit).forEach(e -> list.add(EntryJson.toJson(e)));
    Response.ResponseBuilder ok = Response.ok(list.toString()).header(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    if (entries.size() > limit) {
      long next = entries.get((int) limit).index();
      ok.link(uri.getRequestUriBuilder().replaceQueryParam("fromIndex", next).build(), "next");
    }
    return ok.build();
  }

  private static void checkIndex(long index, long size, String sizeName) {
    if (index >= size) {
      throw Params.outOfRange(LedgerError.INDEX_OUT_OF_RANGE, "index",
          "index: got " + index + ", want index < " + size + " (" + sizeName + ")");
    }
  }

  // The same rules the ledger applies to subjects on append: an unknown subject is an empty
  // history, but one that no record could name (empty, too long, control characters such as the
  // NUL that separates subject from index in the store) is a bad request.
  private void checkSubject(String subject) {
    int max = ledger.config().limits().maxSubjectBytes();
    int len = subject.getBytes(StandardCharsets.UTF_8).length;
    if (subject.isEmpty() || len > max || subject.chars().anyMatch(Character::isISOControl)) {
      throw Params.invalid("subject", "subject: got " + Quoted.of(subject) + " (" + len + " bytes), want 1.."
          + max + " bytes of printable text");
    }
  }
}
