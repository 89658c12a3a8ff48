package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GS1's EPCIS JSON schema from disk: found by walking up, never fetched, violations named. */
class EpcisSchemaTest {
  @TempDir
  Path dir;

  @Test
  void gs1Schema_loads_underItsOwnId() {
    EpcisSchema schema = CaptureFixture.schema();
    assertEquals("https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json", schema.id());
    assertTrue(schema.file().endsWith(Path.of(EpcisSchema.SHARED_SCHEMA)), schema.file().toString());
  }

  @Test
  void find_walksUpFromEachStartDirectory_inOrder() throws IOException {
    Path project = dir.resolve("checkout");
    Path schemaFile = project.resolve(EpcisSchema.SHARED_SCHEMA);
    Files.createDirectories(schemaFile.getParent());
    Files.copy(CaptureFixture.schema().file(), schemaFile);
    Path deep = Files.createDirectories(project.resolve("main/tracking/target"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

    assertEquals(schemaFile, EpcisSchema.find(deep).orElseThrow());
    assertEquals(schemaFile, EpcisSchema.find(elsewhere, null, deep).orElseThrow());
    assertTrue(EpcisSchema.find(elsewhere).isEmpty());
    assertEquals(EpcisSchema.load(schemaFile).id(), EpcisSchema.locate(elsewhere, deep).id());

    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> EpcisSchema.locate(elsewhere));
    assertTrue(e.getMessage().contains(elsewhere.toString()), e.getMessage());
  }

  @Test
  void load_refusesWhatIsNotASchema_namingTheFile() throws IOException {
    Path missing = dir.resolve("nope.json");
    assertThrows(NoSuchFileException.class, () -> EpcisSchema.load(missing));
    Path text = Files.writeString(dir.resolve("text.json"), "not json");
    IOException e = assertThrows(IOException.class, () -> EpcisSchema.load(text));
    assertTrue(e.getMessage().startsWith(text + ": not JSON"), e.getMessage());
    Path array = Files.writeString(dir.resolve("array.json"), "[]");
    assertTrue(assertThrows(IOException.class, () -> EpcisSchema.load(array)).getMessage().contains("want a JSON object"));
  }

  @Test
  void remoteReference_isNeverFetched() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer remote = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    remote.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"type\": \"string\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    remote.start();
    try {
      String url = "http://127.0.0.1:" + remote.getAddress().getPort() + "/remote.json";
      Path file = Files.writeString(dir.resolve("refers-out.json"), """
          {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://example.test/refers-out.json",
           "type": "object", "properties": {"a": {"$ref": "%s"}}}
          """.formatted(url));
      boolean refused;
      try {
        EpcisSchema schema = EpcisSchema.load(file);
        ObjectNode instance = CaptureFixture.JSON.createObjectNode().put("a", 1);
        try {
          schema.validate(instance);
          refused = false;
        } catch (RuntimeException e) {
          refused = true;
        }
      } catch (IOException e) {
        refused = true;
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      }
      assertTrue(refused, "a schema that refers to a remote document must not work offline");
      assertEquals(0, requests.get(), "nothing was fetched");
    } finally {
      remote.stop(0);
    }
  }

  @Test
  void violations_nameThePointerAndRule_deepestFirst_andAreCapped() {
    JsonNode doc = CaptureFixture.json(CaptureFixture.read(
        CaptureFixture.examplesDir().resolve("Example_9.6.1-ObjectEvent.jsonld")));
    EpcisSchema schema = CaptureFixture.schema();
    assertEquals(List.of(), schema.validate(doc));

    ObjectNode bad = doc.deepCopy();
    bad.remove("schemaVersion");
    ((ObjectNode) bad.at("/epcisBody/eventList/1")).put("eventTimeZoneOffset", "+25:00");
    List<SchemaViolation> v = schema.validate(bad);
    assertEquals("/epcisBody/eventList/1/eventTimeZoneOffset", v.get(0).pointer(), v.toString());
    assertEquals("pattern", v.get(0).keyword());
    SchemaViolation last = v.get(v.size() - 1);
    assertEquals("", last.pointer());
    assertEquals("required", last.keyword());
    assertTrue(last.message().contains("schemaVersion"), last.toString());
    assertTrue(last.toString().startsWith("(document): required: "), last.toString());

    ObjectNode many = doc.deepCopy();
    for (JsonNode e : many.at("/epcisBody/eventList")) {
      for (int i = 0; i < 30; i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("epcList")).add("not a uri " + i);
      }
    }
    assertEquals(EpcisSchema.MAX_VIOLATIONS, schema.validate(many).size());
  }
}
