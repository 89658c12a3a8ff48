package org.baytrace.ledger;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;

/** Builds signed records for tests. */
public final class TestRecords {
  public static final String ORIGIN = "baytrace.test/ledger";

  private TestRecords() {}

  public static RecordBody.Builder body(String org, List<String> subjects, String nonce) {
    return RecordBody.newBuilder()
        .setOrigin(ORIGIN)
        .setKind("epcis.ObjectEvent")
        .addAllSubjects(subjects)
        .setEventTimeUnixMillis(1_764_000_000_000L)
        .setAuthorOrg(org)
        .setNonce(ByteString.copyFrom(nonce, StandardCharsets.UTF_8))
        .setContentType("application/json")
        .setContent(ByteString.copyFromUtf8("{\"n\":\"" + nonce + "\"}"));
  }

  public static byte[] signed(SigningKey key, String org, List<String> subjects, String nonce) {
    return Records.sign(body(org, subjects, nonce).build().toByteArray(), key);
  }
}
