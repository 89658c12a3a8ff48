package org.baytrace.tracking.domain.parcel;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.tracking.domain.common.ProtoContent;

/**
 * Builds the record bodies of the parcel profile: the kind named after the message, the parcel
 * subject alone, and the derived nonce the rule requires. The caller signs them. Stateless.
 */
public final class ParcelRecords {
  static final int NONCE_BYTES = 16;

  private ParcelRecords() {}

  /** A parcel record about {@code subject} (see {@link ParcelSubject#of}); the kind is named after the message. */
  public static RecordBody body(String origin, String author, String subject, long time, Message m) {
    String kind = ParcelKinds.PREFIX + m.getDescriptorForType().getName();
    return RecordBody.newBuilder().setOrigin(origin).setKind(kind).addSubjects(subject).setEventTimeUnixMillis(time)
        .setAuthorOrg(author).setNonce(ByteString.copyFrom(nonce(kind, subject, time)))
        .setContentType(ProtoContent.contentType(m.getDescriptorForType())).setContent(m.toByteString()).build();
  }

  /**
   * The one nonce a parcel record may carry: SHA-256("baytrace/parcel/nonce/v1\n" || kind || "\n"
   * || subject || "\n" || time)[:16]. A nonce the client chose could carry anything (a waybill, a
   * name); this one carries nothing the rest of the record does not.
   */
  public static byte[] nonce(String kind, String subject, long time) {
    byte[] h = ParcelSubject.sha256(("baytrace/parcel/nonce/v1\n" + kind + "\n" + subject + "\n" + time)
        .getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(h, NONCE_BYTES);
  }
}
