package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * GS1's own EPCIS 2.0 JSON schema ({@code EPCIS-JSON-Schema.json}, JSON Schema draft-07), read
 * from the shared test data and run by a general JSON Schema validator: the reference that
 * {@link EpcisSchema}, the node's rules written as code, is compared with.
 *
 * <p>Nothing is ever fetched from the network: the schema file is registered under its own
 * {@code $id}, the draft-07 meta-schema comes from the validator's class path, and every other
 * {@code $ref} target is refused (the schema loader has no remote loader and a filter that lets
 * only those two through), so a schema that refers elsewhere fails to load or to validate
 * instead of reaching out. Format keywords ({@code date-time}, {@code uri}) are asserted.
 *
 * <p>Immutable once loaded; {@link #validate} is thread-safe.
 */
final class Gs1JsonSchema {
  /** Largest schema file read. GS1's is about 55 KB. */
  static final long MAX_SCHEMA_BYTES = 4L << 20;
  /** At most this many violations are reported for one document (the first ones by JSON pointer). */
  public static final int MAX_VIOLATIONS = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String id;
  private final Schema schema;

  private Gs1JsonSchema(Path file, String id, Schema schema) {
    this.file = file;
    this.id = id;
    this.schema = schema;
  }

  /**
   * Loads the schema from {@code schemaFile}.
   *
   * @throws IOException if the file cannot be read, is not JSON, or is not a schema the validator
   *     can build (the message names the file)
   */
  static Gs1JsonSchema load(Path schemaFile) throws IOException {
    Objects.requireNonNull(schemaFile, "schemaFile");
    Path file = schemaFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "EPCIS JSON schema not found");
    }
    long size = Files.size(file);
    if (size > MAX_SCHEMA_BYTES) {
      throw new IOException(file + ": got " + size + " bytes, want an EPCIS JSON schema of at most " + MAX_SCHEMA_BYTES);
    }
    byte[] bytes = Files.readAllBytes(file);
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IOException(file + ": not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IOException(file + ": not a JSON schema (want a JSON object)");
    }
    String dialect = node.path("$schema").asText("");
    if (!dialect.isEmpty() && SpecificationVersion.fromDialectId(dialect).isEmpty()) {
      throw new IOException(file + ": $schema: got \"" + dialect + "\", want a JSON Schema draft this validator knows");
    }
    // The schema's own $id (GS1's is https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json) is where
    // its internal references resolve; the file's URI stands in when it has none.
    String id = node.path("$id").asText("");
    if (id.isEmpty()) {
      id = file.toUri().toString();
    }
    String ownId = stripFragment(id);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .pathType(PathType.JSON_POINTER)
        .formatAssertionsEnabled(true)
        .locale(Locale.ENGLISH)
        .build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b
        .schemaRegistryConfig(config)
        .schemaLoader(loader -> loader
            .fetchRemoteResources(false)
            .allow(iri -> isLocal(iri, ownId))
            .resourceLoaders(r -> r.resources(iri -> stripFragment(iri).equals(ownId) ? text : null))));
    try {
      Schema schema = registry.getSchema(SchemaLocation.of(ownId), node);
      schema.initializeValidators(); // resolve every $ref now, not on the first capture
      return new Gs1JsonSchema(file, ownId, schema);
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      throw new IOException(file + ": not a usable JSON schema: " + e.getMessage(), e);
    }
  }

  /** GS1's schema from the shared test data. */
  static Gs1JsonSchema shared() {
    try {
      return load(CaptureFixture.sharedEpcisDir().resolve("schema/EPCIS-JSON-Schema.json"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The file the schema was read from. */
  public Path file() {
    return file;
  }

  /** The schema's {@code $id}. */
  public String id() {
    return id;
  }

  /**
   * Validates an EPCIS document or a single event (with its {@code @context}). Returns the
   * violations without repeats, the most deeply nested first (then by pointer), at most
   * {@link #MAX_VIOLATIONS}; empty if {@code instance} is valid.
   */
  public List<SchemaViolation> validate(JsonNode instance) {
    List<Error> errors = schema.validate(instance);
    if (errors.isEmpty()) {
      return List.of();
    }
    Set<SchemaViolation> out = new LinkedHashSet<>();
    for (Error e : errors) {
      out.add(new SchemaViolation(pointer(e.getInstanceLocation()), Objects.toString(e.getKeyword(), ""), message(e),
          e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString()));
    }
    // Deepest first: a violation inside an event usually explains the ones its parents report
    // (an anyOf branch that fails because of one bad field, say).
    Comparator<SchemaViolation> deepestFirst = Comparator.comparingLong(
        (SchemaViolation v) -> v.pointer().chars().filter(c -> c == '/').count()).reversed();
    return out.stream()
        .sorted(deepestFirst.thenComparing(SchemaViolation::pointer).thenComparing(SchemaViolation::keyword))
        .limit(MAX_VIOLATIONS)
        .toList();
  }

  private static String message(Error e) {
    String m = e.getMessage();
    return m == null ? "" : m;
  }

  /** An RFC 6901 JSON pointer ("" for the whole document) from the validator's instance path. */
  static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      sb.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }

  private static boolean isLocal(AbsoluteIri iri, String ownId) {
    String s = iri.toString();
    return stripFragment(s).equals(ownId) || s.startsWith("classpath:")
        // the draft meta-schemas, which the validator serves from its own class path
        || s.startsWith("http://json-schema.org/") || s.startsWith("https://json-schema.org/");
  }

  private static String stripFragment(String iri) {
    int hash = iri.indexOf('#');
    return hash < 0 ? iri : iri.substring(0, hash);
  }

  @Override
  public String toString() {
    return "Gs1JsonSchema[" + id + " from " + file + "]";
  }
}
