package org.baytrace.tracking.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive after a body that came apart from its headers: the next request on the same
 * connection is answered, also when the response was written some time before the handler
 * ended the request (as Jersey commits after it wrote the entity). Before, the reader asked
 * Grizzly for more data after the last bytes too, which let the connection read again while the
 * first request was still in progress, and the next request was taken for more of its body and
 * never answered. No timing assertions: the client waits generously for each answer.
 */
class BodyGuardKeepAliveTest {
  private static final int WORK_AFTER_WRITING_MILLIS = 300;

  /** Echoes the length of the body it got, flushes, works a little, then ends the request. */
  private static final class SlowToFinish extends HttpHandler {
    private final BodyGuard bodies = new BodyGuard(new BodyGuard.Limits(1 << 20, "max", 30_000, "timeout",
        new MemoryBudget(16 << 20), "memory"), (request, response, refusal) -> {
          response.setStatus(refusal.status());
          response.getWriter().write(refusal.detail());
        });

    @Override
    public void service(Request request, Response response) throws IOException {
      bodies.receive(request, response, BodyGuard.Gate.OPEN, (rq, rs) -> {
        byte[] body = rq.getInputStream().readAllBytes();
        byte[] answer = ("got " + body.length + "\n").getBytes(StandardCharsets.US_ASCII);
        rs.setContentType("text/plain");
        rs.setContentLength(answer.length);
        rs.getOutputStream().write(answer);
        rs.flush();
        try {
          Thread.sleep(WORK_AFTER_WRITING_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        BodyGuard.complete(rs);
      });
    }
  }

  @Test
  void aKeepAliveRequest_afterOneWhoseBodyCameApart_isAnswered() throws Exception {
    try (GuardedHttpServer server = GuardedHttpServer.start("keep-alive-test",
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 4, 60, new SlowToFinish());
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(60_000);
      for (int i = 0; i < 5; i++) {
        String body = "a body of request " + i;
        write(s, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length() + "\r\n\r\n");
        Thread.sleep(100); // the body arrives apart from the headers
        write(s, body);
        String answer = readAnswer(s.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.endsWith("got " + body.length() + "\n"), answer);
        assertFalse(answer.toLowerCase(Locale.ROOT).contains("connection: close"), "the connection is kept: " + answer);

        // At once, while the handler of the first request is still at work.
        write(s, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
        String next = readAnswer(s.getInputStream());
        assertTrue(next.startsWith("HTTP/1.1 200"), next);
        assertTrue(next.endsWith("got 0\n"), next);
      }
    }
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One answer with a Content-Length body; the connection stays open. */
  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, "connection closed before an answer: " + head.toString(StandardCharsets.US_ASCII));
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    Optional<String> length = headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
    assertTrue(length.isPresent(), headers);
    byte[] body = in.readNBytes(Integer.parseInt(length.get()));
    assertEquals(Integer.parseInt(length.get()), body.length, headers);
    return headers + new String(body, StandardCharsets.US_ASCII);
  }
}
