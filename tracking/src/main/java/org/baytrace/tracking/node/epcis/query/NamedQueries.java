package org.baytrace.tracking.node.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.EventQuery;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;

/**
 * Named EPCIS queries ({@code /queries}), each owned by the organisation that created it: an org
 * sees, runs and deletes its own queries only, and two orgs may use the same name. Definitions
 * are checked when created (the same parser as {@code GET /events}) and kept in one JSON file,
 * written to a temporary file, synced and renamed before a change is acknowledged.
 *
 * <p>Thread-safe: every method synchronises on this instance.
 */
final class NamedQueries {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int MAX_PER_ORG = 100;

  private final Path file;
  /** org → name → definition ({@code {"name":..., "query":{...}}}). */
  private final Map<String, Map<String, ObjectNode>> byOrg = new TreeMap<>();

  NamedQueries(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        JsonNode all = ProjectedEvent.JSON.readTree(file.toFile());
        for (Map.Entry<String, JsonNode> org : all.properties()) {
          Map<String, ObjectNode> queries = new TreeMap<>();
          for (JsonNode q : org.getValue()) {
            queries.put(q.path("name").asText(), (ObjectNode) q);
          }
          byOrg.put(org.getKey(), queries);
        }
      } catch (IOException | ClassCastException e) {
        throw new IllegalStateException("named EPCIS queries: " + file + " does not parse: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Creates a named query for {@code org}.
   *
   * @throws jakarta.ws.rs.WebApplicationException 400 (bad name or definition), 409 (the org has
   *     a query of that name), 413-like 400 when the org has {@value #MAX_PER_ORG}
   */
  synchronized ObjectNode create(String org, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw QueryProblemMapper.invalid("body", "body: want a JSON object {\"name\": ..., \"query\": {...}}");
    }
    String name = body.path("name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw QueryProblemMapper.invalid("name", "name: got " + Quoted.of(name)
          + ", want 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    JsonNode query = body.get("query");
    if (query == null || !query.isObject()) {
      throw QueryProblemMapper.invalid("query", "query: want an object of EPCIS query parameters, e.g. "
          + "{\"eventType\": [\"ObjectEvent\"], \"EQ_bizStep\": [\"shipping\"]}");
    }
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!e.getKey().equals("name") && !e.getKey().equals("query")) {
        throw QueryProblemMapper.invalid(e.getKey(), e.getKey() + ": not a member of a query definition; want name "
            + "and query");
      }
    }
    EventQuery.parse(parameters(query)); // QueryParameterException names the parameter
    Map<String, ObjectNode> own = byOrg.computeIfAbsent(org, o -> new TreeMap<>());
    if (own.containsKey(name)) {
      throw QueryProblemMapper.alreadyExists("name", "name: " + Quoted.of(name) + " is a query of yours already; "
          + "delete it first or choose another name");
    }
    if (own.size() >= MAX_PER_ORG) {
      throw QueryProblemMapper.invalid("name", "queries: you have " + own.size() + " named queries, want at most "
          + MAX_PER_ORG + "; delete one first");
    }
    ObjectNode definition = ProjectedEvent.JSON.createObjectNode();
    definition.put("name", name);
    definition.set("query", query.deepCopy());
    own.put(name, definition);
    try {
      save();
    } catch (RuntimeException e) {
      own.remove(name);
      throw e;
    }
    return definition.deepCopy();
  }

  synchronized List<ObjectNode> list(String org) {
    List<ObjectNode> out = new ArrayList<>();
    byOrg.getOrDefault(org, Map.of()).values().forEach(q -> out.add(q.deepCopy()));
    return out;
  }

  synchronized Optional<ObjectNode> get(String org, String name) {
    ObjectNode q = byOrg.getOrDefault(org, Map.of()).get(name);
    return Optional.ofNullable(q == null ? null : q.deepCopy());
  }

  /** True if it existed. */
  synchronized boolean delete(String org, String name) {
    Map<String, ObjectNode> own = byOrg.get(org);
    if (own == null || !own.containsKey(name)) {
      return false;
    }
    ObjectNode removed = own.remove(name);
    try {
      save();
    } catch (RuntimeException e) {
      own.put(name, removed);
      throw e;
    }
    return true;
  }

  /** A definition's query as REST query parameters: arrays joined with {@code |}, scalars as text. */
  static Map<String, List<String>> parameters(JsonNode query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : query.properties()) {
      JsonNode v = e.getValue();
      String text;
      if (v.isArray()) {
        List<String> parts = new ArrayList<>();
        v.forEach(x -> parts.add(x.asText()));
        text = String.join("|", parts);
      } else if (v.isValueNode()) {
        text = v.asText();
      } else {
        throw QueryProblemMapper.invalid(e.getKey(), e.getKey() + ": got an object, want a value or a list of values");
      }
      out.put(e.getKey(), List.of(text));
    }
    return out;
  }

  private void save() {
    ObjectNode all = ProjectedEvent.JSON.createObjectNode();
    byOrg.forEach((org, queries) -> {
      ArrayNode list = all.putArray(org);
      queries.values().forEach(list::add);
    });
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, ProjectedEvent.JSON.writeValueAsBytes(all));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("named EPCIS queries: cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
