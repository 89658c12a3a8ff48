package org.baytrace.tools;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.GetEntryRequest;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.verify.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one log entry.")
final class GetCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Parameters(paramLabel = "INDEX", description = "Entry index.")
  long index;

  @Option(names = "--raw", description = "Print the exact LogEntry bytes, base64.")
  boolean raw;

  @Override
  public Integer call() {
    ManagedChannel ch = target.channel();
    try {
      Entry e = target.blocking(ch).getEntry(GetEntryRequest.newBuilder().setIndex(index).build()).getEntry();
      if (raw) {
        System.out.println(Base64.getEncoder().encodeToString(e.getLogEntry().toByteArray()));
      } else {
        print(e);
      }
      return BayTrace.OK;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } finally {
      TargetOption.close(ch);
    }
  }

  static void print(Entry e) {
    HexFormat hex = HexFormat.of();
    try {
      Leaf le = LeafCodec.decode(e.getLogEntry().toByteArray());
      SignedRecord sr = SignedRecord.parseFrom(le.signedRecord());
      RecordBody body = RecordBody.parseFrom(sr.getBody());
      System.out.printf("index:       %d%n", le.index());
      System.out.printf("leaf hash:   %s%n", hex.formatHex(e.getLeafHash().toByteArray()));
      System.out.printf("recorded:    %s%n", Instant.ofEpochMilli(le.recordTimeUnixMillis()));
      System.out.printf("kind:        %s%n", body.getKind());
      System.out.printf("author org:  %s%n", body.getAuthorOrg());
      System.out.printf("event time:  %s%n", Instant.ofEpochMilli(body.getEventTimeUnixMillis()));
      for (var s : sr.getSignaturesList()) {
        System.out.printf("signed by:   key %s%n", PublicKey.of(s.getPublicKey().toByteArray()).keyId());
      }
      for (Leaf.Link l : le.links()) {
        System.out.printf("subject:     %s (previous entry leaf %s)%n", l.subject(),
            l.previousLeafHash() == null ? "none: first entry" : l.previousLeafHash().hex());
      }
      System.out.printf("content (%s):%n%s%n", body.getContentType(), body.getContent().toString(StandardCharsets.UTF_8));
    } catch (VerificationException | InvalidProtocolBufferException | IllegalArgumentException ex) {
      throw new CliException(BayTrace.FAILED, "entry " + e.getIndex() + " does not decode: " + ex.getMessage());
    }
  }
}
