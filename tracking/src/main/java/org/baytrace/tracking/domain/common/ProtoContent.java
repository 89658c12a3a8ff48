package org.baytrace.tracking.domain.common;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * Strict reading of a domain record's protobuf content, the same for every profile: the content
 * type must name the message exactly ({@code application/protobuf; proto=<full name>}) and the
 * bytes must parse with no field the message does not define. Every refusal is INVALID_FIELD
 * ({@link Fields#invalid}). Stateless.
 */
public final class ProtoContent {
  private ProtoContent() {}

  /** {@code application/protobuf; proto=baytrace.coldchain.v1.Shipment} */
  public static String contentType(String fullMessageName) {
    return "application/protobuf; proto=" + fullMessageName;
  }

  /** {@code application/protobuf; proto=<the descriptor's full name>}. */
  public static String contentType(Descriptor descriptor) {
    return contentType(descriptor.getFullName());
  }

  /** The record's content as {@code M}, or INVALID_FIELD saying what is wrong. */
  public static <M extends Message> M parse(ParsedRecord record, Parser<M> parser, Descriptor descriptor) {
    String name = descriptor.getFullName();
    String want = contentType(name);
    if (!want.equals(record.contentType())) {
      throw Fields.invalid("body.content_type", Quoted.of(record.contentType()), "\"" + want + "\" for kind " + record.kind());
    }
    M m;
    try {
      m = parser.parseFrom(record.content());
    } catch (InvalidProtocolBufferException e) {
      throw Fields.invalid("body.content", "bytes that are not a " + name + " (" + e.getMessage() + ")", "a " + name + " message");
    }
    if (!m.getUnknownFields().asMap().isEmpty()) {
      throw Fields.invalid("body.content", "unknown field numbers " + m.getUnknownFields().asMap().keySet(),
          "only the fields of " + name);
    }
    return m;
  }
}
