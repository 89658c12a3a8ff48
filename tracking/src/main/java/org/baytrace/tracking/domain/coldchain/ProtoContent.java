package org.baytrace.tracking.domain.coldchain;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.regex.Pattern;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * Strict reading of a domain record's protobuf content (the #5 convention): the content type
 * must name the message, the bytes must parse with no unknown fields; field rules are checked by
 * the caller with {@link #invalid}. Every refusal is INVALID_FIELD with {@code field: got X, want Y}.
 * Stateless.
 */
public final class ProtoContent {
  private ProtoContent() {}

  private static final Pattern ONE_LINE = Pattern.compile("[^\\p{Cntrl}]*");

  /** {@code application/protobuf; proto=baytrace.coldchain.v1.Shipment} */
  public static String contentType(String fullMessageName) {
    return "application/protobuf; proto=" + fullMessageName;
  }

  /** Parses the record's content as {@code M}, or refuses it. */
  public static <M extends Message> M parse(ParsedRecord record, Parser<M> parser, String fullMessageName) {
    String want = contentType(fullMessageName);
    if (!want.equals(record.contentType())) {
      throw invalid("body.content_type", "\"" + record.contentType() + "\"", "\"" + want + "\" for kind " + record.kind());
    }
    M m;
    try {
      m = parser.parseFrom(record.content());
    } catch (InvalidProtocolBufferException e) {
      throw invalid("body.content", "bytes that are not a " + fullMessageName + " (" + e.getMessage() + ")",
          "a " + fullMessageName + " message");
    }
    if (!m.getUnknownFields().asMap().isEmpty()) {
      throw invalid("body.content", "unknown field numbers " + m.getUnknownFields().asMap().keySet(),
          "only the fields of " + fullMessageName);
    }
    return m;
  }

  public static LedgerException invalid(String field, String got, String want) {
    return new LedgerException(LedgerError.INVALID_FIELD, field + ": got " + got + ", want " + want);
  }

  /** An optional one-line text of at most {@code max} characters. */
  public static void checkText(String field, String value, int max, boolean required) {
    if (value.isEmpty() && required) {
      throw invalid(field, "\"\"", "1 to " + max + " characters on one line");
    }
    if (value.length() > max || !ONE_LINE.matcher(value).matches()) {
      throw invalid(field, quote(value), (required ? "1" : "0") + " to " + max + " characters on one line");
    }
  }

  /** A value for an error message: quoted, control characters escaped, long values cut. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(s.length(), 80);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > n ? "…\"" : "\"").toString();
  }
}
