package org.baytrace.tracking.domain.common;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * Strict reading of a domain record's protobuf content (shared by the water-bus and customs
 * profiles): the content type must name the message exactly and the bytes must parse with no
 * field the message does not define. Stateless.
 */
public final class ProtoContent {
  private ProtoContent() {}

  /** {@code application/protobuf; proto=<full message name>}. */
  public static String contentType(Descriptor descriptor) {
    return "application/protobuf; proto=" + descriptor.getFullName();
  }

  /** The record's content as {@code T}, or INVALID_FIELD saying what is wrong. */
  public static <T extends Message> T parse(ParsedRecord record, Parser<T> parser, Descriptor descriptor) {
    String want = contentType(descriptor);
    if (!want.equals(record.contentType())) {
      throw invalid("content_type: got " + Quoted.of(record.contentType()) + ", want \"" + want + "\"");
    }
    T message;
    try {
      message = parser.parseFrom(record.content());
    } catch (InvalidProtocolBufferException e) {
      throw invalid("content: got bytes that are not a " + descriptor.getFullName() + " (" + e.getMessage()
          + "), want a serialised " + descriptor.getFullName());
    }
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw invalid("content: got field numbers " + message.getUnknownFields().asMap().keySet() + ", want only the fields of "
          + descriptor.getFullName());
    }
    return message;
  }

  /** INVALID_FIELD with a "field: got X, want Y" message. */
  public static LedgerException invalid(String message) {
    return new LedgerException(LedgerError.INVALID_FIELD, message);
  }
}
