package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "append", mixinStandardHelpOptions = true,
    description = {"Signs records with a key file and streams them to a node.",
        "From a JSON-lines file (one record per line; '-' reads standard input):",
        "  {\"kind\":\"epcis.ObjectEvent\",\"subjects\":[\"https://id.gs1.org/01/09506000134352/10/L1\"],",
        "   \"eventTime\":\"2026-11-28T10:00:00Z\",\"content\":{\"bizStep\":\"shipping\"},\"nonce\":\"optional\"}",
        "or one record from flags. Prints one line per record: its index and leaf hash, or why it was refused."})
final class AppendCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "Author's private key file.")
  Path keyFile;

  @Option(names = "--org", required = true, paramLabel = "ORG", description = "Author organisation id (as registered).")
  String org;

  @Option(names = "--origin", paramLabel = "ORIGIN", description = "Ledger origin; default: asked from the node.")
  String origin;

  @Option(names = "--in-flight", defaultValue = "256", description = "Records sent ahead of responses (default ${DEFAULT-VALUE}).")
  int inFlight;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "JSON-lines file of records ('-' for stdin).")
    String file;

    @ArgGroup(exclusive = false)
    Single single;
  }

  static final class Single {
    @Option(names = "--kind", required = true, description = "Record kind, e.g. epcis.ObjectEvent.")
    String kind;

    @Option(names = "--subject", required = true, description = "Trace code the record is about (repeatable).")
    List<String> subjects;

    @Option(names = "--content", defaultValue = "", description = "Content (JSON or text).")
    String content;

    @Option(names = "--content-type", defaultValue = "application/json", description = "Media type of the content.")
    String contentType;

    @Option(names = "--event-time", description = "ISO-8601 UTC event time; default now.")
    String eventTime;
  }

  @Override
  public Integer call() throws Exception {
    SigningKey key;
    try {
      key = KeyFiles.loadPrivate(keyFile);
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read key: " + e.getMessage());
    }
    ManagedChannel ch = target.channel();
    try {
      String ledgerOrigin = origin != null ? origin : askOrigin(ch);
      AtomicLong ok = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      Progress progress = new Progress("append");
      try (AppendClient client = new AppendClient(ch, inFlight)) {
        if (input.single != null) {
          Single s = input.single;
          byte[] nonce = new byte[16];
          new SecureRandom().nextBytes(nonce);
          RecordBody body;
          try {
            body = RecordInput.body(ledgerOrigin, org, s.kind, s.subjects, RecordInput.eventTime(s.eventTime),
                s.contentType, s.content.getBytes(StandardCharsets.UTF_8), nonce);
          } catch (IllegalArgumentException e) {
            throw new CliException(BayTrace.USAGE, e.getMessage());
          }
          client.submit(1, Records.sign(body.toByteArray(), key), r -> report(1, r, ok, refused));
        } else {
          try (BufferedReader in = "-".equals(input.file)
              ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
              : Files.newBufferedReader(Path.of(input.file), StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
              lineNo++;
              if (line.isBlank()) {
                continue;
              }
              long n = lineNo;
              try {
                RecordBody body = RecordInput.fromJsonLine(line, ledgerOrigin, org);
                client.submit(n, Records.sign(body.toByteArray(), key), r -> report(n, r, ok, refused));
              } catch (IllegalArgumentException e) {
                refused.incrementAndGet();
                System.out.printf("line %d: not sent: %s%n", n, e.getMessage());
              }
              progress.tick(lineNo, ok.get() + refused.get());
            }
          } catch (IOException e) {
            throw new CliException(BayTrace.IO_ERROR, "cannot read " + input.file + ": " + e.getMessage());
          }
        }
        Status failure = client.finish(120);
        if (failure != null) {
          throw new CliException(BayTrace.IO_ERROR, "append stream to " + target.target + " failed: "
              + failure.getCode() + ": " + failure.getDescription());
        }
      }
      progress.done(ok.get() + refused.get());
      System.err.printf("baytrace: %d appended, %d refused%n", ok.get(), refused.get());
      return refused.get() == 0 ? BayTrace.OK : BayTrace.FAILED;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } finally {
      TargetOption.close(ch);
    }
  }

  private static synchronized void report(long n, AppendResponse r, AtomicLong ok, AtomicLong refused) {
    if (r.hasAppended()) {
      ok.incrementAndGet();
      System.out.printf("line %d: index %d leaf %s%s%n", n, r.getAppended().getIndex(),
          HexFormat.of().formatHex(r.getAppended().getLeafHash().toByteArray()),
          r.getAppended().getDuplicate() ? " (duplicate: already in the ledger)" : "");
    } else {
      refused.incrementAndGet();
      System.out.printf("line %d: refused: %s: %s%n", n, Status.fromCodeValue(r.getError().getCode()).getCode(),
          r.getError().getMessage());
    }
  }

  static String askOrigin(ManagedChannel ch) {
    String note = LedgerServiceGrpc.newBlockingStub(ch)
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
        .getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
    return note.substring(0, note.indexOf('\n'));
  }
}
