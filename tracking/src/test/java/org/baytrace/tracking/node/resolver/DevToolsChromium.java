package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.ledger.testing.Await;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket from the JDK's HTTP client):
 * opens pages in one browser profile (so {@code localStorage} carries over between visits, as on a
 * phone), waits until a script on the page reached a state, and reads the DOM. Real time passes in
 * the page (no virtual time), so {@code performance.now()} measures real work. Not thread-safe:
 * one test at a time.
 */
final class DevToolsChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  /**
   * Starts the browser with a fresh profile under {@code work}.
   *
   * @param acceptLanguage the browser's languages, e.g. {@code zh-TW,zh}
   * @param extra further command line switches
   */
  DevToolsChromium(String binary, Path work, String acceptLanguage, String... extra) throws IOException {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profile, "--lang=" + acceptLanguage,
        "--accept-lang=" + acceptLanguage));
    cmd.addAll(List.of(extra));
    cmd.add("about:blank");
    process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String endpoint = null;
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (String line; endpoint == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        endpoint = m.group(1);
      }
    }
    if (endpoint == null) {
      process.destroyForcibly();
      throw new IOException("chromium did not open its DevTools port: " + cmd + "\n" + seen);
    }
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // keep the pipe from filling up
        }
      } catch (IOException e) {
        // the browser is gone
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
        .buildAsync(URI.create(endpoint), new Listener()).join();
  }

  /** A DevTools command; {@code session} null for the browser itself. */
  JsonNode send(String session, String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params == null ? JSON.createObjectNode() : params);
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(msg.toString(), true).join();
    JsonNode reply;
    try {
      reply = answer.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("DevTools " + method + ": no answer", e);
    }
    if (reply.has("error")) {
      throw new IllegalStateException("DevTools " + method + ": " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Opens {@code url} in a new tab; returns the tab's session. */
  String open(URI url) {
    String target = send(null, "Target.createTarget", JSON.createObjectNode().put("url", url.toString()))
        .path("targetId").asText();
    return send(null, "Target.attachToTarget", JSON.createObjectNode().put("targetId", target).put("flatten", true))
        .path("sessionId").asText();
  }

  /** Evaluates a JavaScript expression in the tab (awaiting a promise); its JSON value. */
  JsonNode eval(String session, String expression) {
    JsonNode r = send(session, "Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Polls {@code condition} in the tab until it is true, then returns the DOM as HTML. */
  String domWhen(String session, String condition, Duration timeout) {
    Await.until("the page reaches " + condition, timeout,
        () -> eval(session, "(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()").asBoolean(false),
        () -> ":\n" + eval(session, "document.documentElement.outerHTML").asText());
    return eval(session, "document.documentElement.outerHTML").asText();
  }

  /**
   * What a phone-width visit found: the document's scroll width, the viewport width, where the
   * screenshot went, the {@code <html lang>}, the page's headings ({@code h1}, {@code h2}) and the
   * main content's text without what is marked as data ({@code code}, {@code svg}, {@code
   * [translate=no]}: codes, names and identifiers as recorded).
   */
  record PhoneVisit(int scrollWidth, int innerWidth, Path screenshot, String lang, java.util.List<String> headings,
      String ownText) {}

  /**
   * Opens {@code url} in a new tab emulating a phone {@code width} CSS pixels wide (touch, mobile
   * viewport), waits until it has loaded, measures {@code document.documentElement.scrollWidth}
   * against {@code innerWidth}, and saves a full-page PNG to {@code png}.
   */
  PhoneVisit phone(URI url, int width, Path png) throws InterruptedException, IOException {
    String tab = open(URI.create("about:blank"));
    try {
      metrics(tab, width, 915);
      send(tab, "Page.enable", null);
      send(tab, "Page.navigate", JSON.createObjectNode().put("url", url.toString()));
      domWhen(tab, "document.readyState === 'complete' && location.href !== 'about:blank'", Duration.ofSeconds(60));
      Thread.sleep(200); // let module scripts settle the layout (the badge text can change width)
      JsonNode m = eval(tab, "[document.documentElement.scrollWidth, window.innerWidth, "
          + "Math.ceil(document.documentElement.scrollHeight)]");
      int height = Math.min(Math.max(m.get(2).asInt(), 400), 8000);
      metrics(tab, width, height);
      String data = send(tab, "Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
          .path("data").asText();
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, java.util.Base64.getDecoder().decode(data));
      JsonNode t = eval(tab, "(() => { const main = document.querySelector('main').cloneNode(true);"
          + " main.querySelectorAll('code, svg, [translate=no]').forEach(e => e.remove());"
          + " return [document.documentElement.lang,"
          + " Array.from(document.querySelectorAll('h1, h2')).map(h => h.textContent.trim()), main.textContent]; })()");
      java.util.List<String> headings = new java.util.ArrayList<>();
      t.get(1).forEach(h -> headings.add(h.asText()));
      return new PhoneVisit(m.get(0).asInt(), m.get(1).asInt(), png, t.get(0).asText(), headings, t.get(2).asText());
    } finally {
      closeTab(tab);
    }
  }

  private void metrics(String tab, int width, int height) {
    send(tab, "Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
        .put("deviceScaleFactor", 1).put("mobile", true));
  }

  void closeTab(String session) {
    send(session, "Page.close", null);
  }

  @Override
  public void close() {
    // no answer to wait for: the browser closes the socket as it goes
    socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true);
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          JsonNode msg = JSON.readTree(text);
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          }
        } catch (IOException e) {
          // not JSON: DevTools always sends JSON
        }
      }
      ws.request(1);
      return null;
    }
  }
}
