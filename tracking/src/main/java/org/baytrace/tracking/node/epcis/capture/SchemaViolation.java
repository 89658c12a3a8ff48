package org.baytrace.tracking.node.epcis.capture;

/**
 * One way a document breaks the EPCIS JSON schema: where ({@code pointer}, RFC 6901, {@code ""}
 * for the whole document), the rule ({@code keyword}, e.g. {@code required}, {@code format},
 * {@code enum}), the validator's message, and the rule's place in the schema
 * ({@code schemaLocation}, e.g. {@code …EPCIS-JSON-Schema.json#/definitions/epcisDocument/required}).
 * Immutable.
 */
public record SchemaViolation(String pointer, String keyword, String message, String schemaLocation) {
  /** {@code /epcisBody/eventList/0/eventTime: format: … (schema …)}. */
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(document)" : pointer) + ": " + keyword + ": " + message
        + (schemaLocation.isEmpty() ? "" : " (schema " + schemaLocation + ")");
  }
}
