package org.baytrace.tracking.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The node's log lines: JSON lines on request, and no stack trace for a peer that is down. */
class NodeLoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonLine_isOneObjectPerLine_withTimeLevelLoggerAndMessage() throws Exception {
    LogRecord r = new LogRecord(Level.INFO, "peer {0} lost");
    r.setParameters(new Object[] {"b"});
    r.setLoggerName("org.baytrace.tracking.node.Cluster");
    String line = new NodeLogging.JsonLines().format(r);
    assertTrue(line.endsWith(System.lineSeparator()) && line.indexOf('\n') == line.length() - 1, line);
    JsonNode j = JSON.readTree(line);
    assertEquals("INFO", j.get("level").asText());
    assertEquals("org.baytrace.tracking.node.Cluster", j.get("logger").asText());
    assertEquals("peer b lost", j.get("message").asText());
    assertNotNull(j.get("time"));
    assertFalse(j.has("stack"));
  }

  @Test
  void aPeerDown_isOneLineWithoutAStackTrace_butAnUnexpectedErrorKeepsIts() throws Exception {
    LogRecord down = new LogRecord(Level.WARNING, "append to b failed");
    down.setThrown(new IOException("rpc failed", new ConnectException("Connection refused: /127.0.0.1:7001")));
    NodeLogging.EXPECTED_WITHOUT_TRACE.isLoggable(down);
    assertNull(down.getThrown());
    assertEquals("append to b failed: ConnectException: Connection refused: /127.0.0.1:7001", down.getMessage());

    LogRecord bug = new LogRecord(Level.SEVERE, "apply failed");
    bug.setThrown(new IllegalStateException("frontier out of step"));
    NodeLogging.EXPECTED_WITHOUT_TRACE.isLoggable(bug);
    assertNotNull(bug.getThrown());
    JsonNode j = JSON.readTree(new NodeLogging.JsonLines().format(bug));
    assertEquals("java.lang.IllegalStateException: frontier out of step", j.get("error").asText());
    assertTrue(j.get("stack").asText().contains("NodeLoggingTest"));
  }
}
