package org.baytrace.tracking.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How a node logs (java.util.logging, which Ratis, gRPC and Jersey also reach): text lines, or
 * with {@code [log] format = "json"} one JSON object per line ({@code time}, {@code level},
 * {@code logger}, {@code thread}, {@code message}, {@code requestId} when handling a request,
 * {@code error} when there is one). Expected conditions of a distributed system (a peer down or
 * unreachable, a connection closed, a timeout) are logged as one line with the error's message
 * and no stack trace; stack traces are kept for what is unexpected.
 */
public final class NodeLogging {
  private NodeLogging() {}

  /** Sends every log record to stderr in the chosen format, with the expected-condition filter. */
  public static void install(boolean json) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler(); // stderr
    console.setFormatter(json ? new JsonLines() : new SimpleFormatter());
    console.setFilter(EXPECTED_WITHOUT_TRACE);
    root.addHandler(console);
  }

  /** Strips the stack trace of records whose error is an expected network condition. */
  static final Filter EXPECTED_WITHOUT_TRACE = record -> {
    Throwable t = record.getThrown();
    if (t != null && expected(t)) {
      record.setMessage((record.getMessage() == null ? "" : record.getMessage()) + ": " + summary(t));
      record.setThrown(null);
    }
    return true;
  };

  static boolean expected(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String name = c.getClass().getSimpleName();
      String message = String.valueOf(c.getMessage());
      if (c instanceof ConnectException || c instanceof ClosedChannelException || c instanceof TimeoutException
          || name.equals("StatusRuntimeException") && (message.startsWith("UNAVAILABLE") || message.startsWith("DEADLINE_EXCEEDED")
              || message.startsWith("CANCELLED"))
          || name.equals("AlreadyClosedException") || name.equals("TimeoutIOException")
          || c instanceof IOException && (message.contains("Connection refused") || message.contains("Connection reset"))) {
        return true;
      }
    }
    return false;
  }

  static String summary(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** One JSON object per line. */
  static final class JsonLines extends Formatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
      line.put("level", record.getLevel().getName());
      line.put("logger", record.getLoggerName());
      line.put("thread", Thread.currentThread().getName());
      line.put("message", formatMessage(record));
      RequestIds.current().ifPresent(id -> line.put("requestId", id));
      Throwable t = record.getThrown();
      if (t != null) {
        line.put("error", t.toString());
        java.io.StringWriter trace = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(trace));
        line.put("stack", trace.toString());
      }
      try {
        return JSON.writeValueAsString(line) + System.lineSeparator();
      } catch (JsonProcessingException e) {
        return "{\"level\":\"SEVERE\",\"message\":\"log line not writable as JSON\"}" + System.lineSeparator();
      }
    }
  }
}
