package org.baytrace.tracking.domain.customs;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.api.customs.v1.Declaration;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.common.ProtoContent;

/**
 * Builds the record bodies of the customs profile with the right kind, subjects and content
 * type, for clients, the demo and tests; the caller signs them. Stateless.
 */
public final class CustomsRecords {
  private CustomsRecords() {}

  /** The Declaration record: subjects are the declaration, its goods and its containers. */
  public static RecordBody declaration(String origin, String author, String customsOrg, long lodged, Declaration m) {
    List<String> subjects = new ArrayList<>();
    subjects.add(DeclarationSubject.of(customsOrg, m.getDeclarationNumber()).urn());
    subjects.addAll(m.getGoodsList());
    m.getContainersList().forEach(c -> subjects.add(ContainerNumber.URN_PREFIX + c));
    return body(origin, author, lodged, subjects, m);
  }

  /** Any other customs record about one declaration; the kind is named after the message. */
  public static RecordBody stage(String origin, String author, String declarationUrn, long time, Message m) {
    return body(origin, author, time, List.of(declarationUrn), m);
  }

  private static RecordBody body(String origin, String author, long time, List<String> subjects, Message m) {
    String kind = CustomsKinds.PREFIX + m.getDescriptorForType().getName();
    return RecordBody.newBuilder().setOrigin(origin).setKind(kind).addAllSubjects(subjects).setEventTimeUnixMillis(time)
        .setAuthorOrg(author).setNonce(ByteString.copyFrom(kind + ":" + subjects.get(0) + ":" + time, StandardCharsets.UTF_8))
        .setContentType(ProtoContent.contentType(m.getDescriptorForType())).setContent(m.toByteString()).build();
  }
}
