package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The node's EPCIS rules ({@link EpcisSchema}) give the same verdict as GS1's own JSON schema, run
 * by a general JSON Schema validator ({@link Gs1JsonSchema}), on every EPCIS example in the shared
 * test data and on changed copies of each: every member removed, every value replaced by values of
 * other types and shapes, and unknown member names added to every object. An IT: GS1's schema,
 * run by a general validator, takes about a minute over these tens of thousands of documents.
 */
class EpcisSchemaEquivalenceIT {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** What each value is replaced with, one at a time: other types, near-misses of each format. */
  private static final List<JsonNode> REPLACEMENTS = List.of(
      F.numberNode(7), F.textNode("not a uri"), F.textNode("urn:example:x"), F.textNode("2021-02-30T00:00:00Z"),
      F.textNode("DELETE"), F.textNode("https://ns.gs1.org/cbv/BizStep-shipping"), F.arrayNode(), F.objectNode());

  @Test
  void everySharedExample_andEveryChangedCopy_getsGs1SchemasVerdict() throws IOException {
    Gs1JsonSchema reference = Gs1JsonSchema.shared();
    EpcisSchema ours = EpcisSchema.gs1();
    List<Path> files = examples();
    assertTrue(files.size() >= 40, "want the shared EPCIS examples, got " + files);
    int compared = 0;
    int invalid = 0;
    List<String> disagreements = new ArrayList<>();
    for (Path file : files) {
      JsonNode doc = CaptureFixture.JSON.readTree(file.toFile());
      List<JsonNode> cases = new ArrayList<>();
      cases.add(doc);
      variants(doc, doc, cases);
      for (JsonNode c : cases) {
        boolean gs1Valid = reference.validate(c).isEmpty();
        boolean ourValid = ours.validate(c).isEmpty();
        compared++;
        invalid += gs1Valid ? 0 : 1;
        if (gs1Valid != ourValid && disagreements.size() < 15) {
          disagreements.add(file.getFileName() + ": GS1 " + (gs1Valid ? "valid" : reference.validate(c))
              + ", ours " + (ourValid ? "valid" : ours.validate(c)) + " for " + c);
        }
      }
    }
    assertEquals(List.of(), disagreements, "verdicts differ");
    assertTrue(invalid > compared / 4, "the changed copies must exercise the rules: " + invalid + " of " + compared
        + " invalid");
  }

  static List<Path> examples() throws IOException {
    Path epcis = CaptureFixture.sharedEpcisDir();
    List<Path> out = new ArrayList<>();
    for (Path dir : List.of(epcis.resolve("examples"), epcis.getParent().resolve("epcis-event-hash"))) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".jsonld")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  /** Adds to {@code out} one changed copy of {@code root} per change to {@code node} and below it. */
  private static void variants(JsonNode root, JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        out.add(change(root, node, n -> ((ObjectNode) n).remove(name)));
        for (JsonNode r : REPLACEMENTS) {
          out.add(change(root, node, n -> ((ObjectNode) n).set(name, r.deepCopy())));
        }
      }
      out.add(change(root, node, n -> ((ObjectNode) n).put("unknownMember", 1)));
      out.add(change(root, node, n -> ((ObjectNode) n).put("example:extension", 1)));
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        variants(root, it.next(), out);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      // The first item stands for all: items share their rules.
      out.add(change(root, node, n -> ((ArrayNode) n).remove(0)));
      out.add(change(root, node, n -> ((ArrayNode) n).add(n.get(0).deepCopy())));
      for (JsonNode r : REPLACEMENTS) {
        out.add(change(root, node, n -> ((ArrayNode) n).set(0, r.deepCopy())));
      }
      variants(root, node.get(0), out);
    }
  }

  /** A copy of {@code root} in which {@code target} (found by identity) was changed by {@code edit}. */
  private static JsonNode change(JsonNode root, JsonNode target, java.util.function.Consumer<JsonNode> edit) {
    JsonNode copy = root.deepCopy();
    edit.accept(locate(root, copy, target));
    return copy;
  }

  private static JsonNode locate(JsonNode original, JsonNode copy, JsonNode target) {
    if (original == target) {
      return copy;
    }
    if (original.isObject()) {
      for (Iterator<String> it = original.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        JsonNode found = locate(original.get(name), copy.get(name), target);
        if (found != null) {
          return found;
        }
      }
    } else if (original.isArray()) {
      for (int i = 0; i < original.size(); i++) {
        JsonNode found = locate(original.get(i), copy.get(i), target);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
