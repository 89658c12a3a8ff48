package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.node.http.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /openapi.json} describes exactly the routes a running node serves: every route in
 * Jersey's resource model ({@link Routes}) is in the document, and every documented operation is
 * served, except those the document marks {@code x-baytrace-served-when} (a route only a cluster
 * member serves). {@code OPTIONS}, which the node answers on every route, is not compared.
 */
class OpenApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @TempDir
  Path dir;

  @Test
  void openApiDocument_listsEveryServedRoute_andOnlyServedRoutes() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"));
    try (BayTraceNode node = BayTraceNode.start(config,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort() + "/openapi.json")).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      JsonNode doc = JSON.readTree(r.body());
      assertTrue(doc.path("openapi").asText().startsWith("3.1."), "OpenAPI 3.1: " + doc.path("openapi"));
      assertTrue(doc.path("info").path("title").isTextual() && doc.path("info").path("version").isTextual());

      Set<String> documented = new TreeSet<>();
      Set<String> conditional = new TreeSet<>();
      for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
        for (Map.Entry<String, JsonNode> op : p.getValue().properties()) {
          if (!METHODS.contains(op.getKey())) {
            continue;
          }
          assertTrue(op.getValue().path("summary").isTextual(), p.getKey() + " " + op.getKey() + ": no summary");
          assertTrue(op.getValue().path("responses").size() > 0, p.getKey() + " " + op.getKey() + ": no responses");
          String route = op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
          (op.getValue().has("x-baytrace-served-when") ? conditional : documented).add(route);
        }
      }
      Set<String> served = new TreeSet<>();
      for (Routes.Route route : node.httpRoutes()) {
        if (!route.method().equals("OPTIONS")) {
          served.add(route.method() + " " + route.path());
        }
      }
      Set<String> undocumented = new TreeSet<>(served);
      undocumented.removeAll(documented);
      undocumented.removeAll(conditional);
      Set<String> notServed = new TreeSet<>(documented);
      notServed.removeAll(served);
      if (!undocumented.isEmpty() || !notServed.isEmpty()) {
        fail("served but not in /openapi.json:\n" + String.join("\n", undocumented)
            + "\ndocumented but not served:\n" + String.join("\n", notServed));
      }
      assertTrue(served.contains("GET /openapi.json") && served.contains("GET /events/{eventID}"), served.toString());
    }
  }
}
