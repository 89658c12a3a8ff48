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
        "or one record from flags. Prints one line per record: its index and leaf hash, or why it was refused.",
        "With --spool DIR, records are signed and kept in DIR first, then sent in the order they were signed;",
        "those the node cannot take now (no signal, node down) stay there and are sent, once, by the next",
        "'baytrace append --spool DIR' (with or without new records)."})
final class AppendCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Option(names = {"-k", "--key"}, paramLabel = "FILE", description = "Author's private key file (needed to sign new records).")
  Path keyFile;

  @Option(names = "--org", paramLabel = "ORG", description = "Author organisation id, as registered (needed to sign new records).")
  String org;

  @Option(names = "--origin", paramLabel = "ORIGIN", description = "Ledger origin; default: asked from the node.")
  String origin;

  @Option(names = "--in-flight", defaultValue = "256", description = "Records sent ahead of responses (default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--spool", paramLabel = "DIR",
      description = "Sign into this directory first; send what it holds, keep what cannot be sent yet.")
  Path spoolDir;

  @Option(names = "--wait", defaultValue = "0", paramLabel = "SECONDS",
      description = "With --spool: keep retrying this long while records are still waiting (default ${DEFAULT-VALUE}).")
  long waitSeconds;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
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

  /** Receives each signed record of the input, numbered by its input line (1 for a record from flags). */
  @FunctionalInterface
  interface SignedSink {
    void accept(long line, byte[] signedRecord) throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    if (input == null && spoolDir == null) {
      throw new CliException(BayTrace.USAGE, "give --file FILE, or --kind and --subject, or --spool DIR to send what a spool holds");
    }
    SigningKey key = null;
    if (input != null) {
      if (keyFile == null || org == null) {
        throw new CliException(BayTrace.USAGE, "signing records needs --key FILE and --org ORG");
      }
      try {
        key = KeyFiles.loadPrivate(keyFile);
      } catch (IOException e) {
        throw new CliException(BayTrace.IO_ERROR, "cannot read key: " + e.getMessage());
      }
    }
    if (spoolDir != null) {
      return callSpooled(key);
    }
    ManagedChannel ch = target.channel();
    try {
      String ledgerOrigin = origin != null ? origin : askOrigin(ch);
      AtomicLong ok = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      AtomicLong duplicates = new AtomicLong();
      Progress progress = new Progress("append");
      try (AppendClient client = new AppendClient(ch, inFlight)) {
        long lines = signEach(ledgerOrigin, key, refused,
            (n, signed) -> client.submit(n, signed, r -> report(n, r, ok, duplicates, refused)),
            n -> progress.tick(n, ok.get() + refused.get()));
        Status failure = client.finish(120);
        if (failure != null) {
          throw new CliException(BayTrace.IO_ERROR, "append stream to " + target.target + " failed: "
              + failure.getCode() + ": " + failure.getDescription());
        }
        progress.done(Math.max(lines, ok.get() + refused.get()));
      }
      if (duplicates.get() == 0) {
        System.err.printf("baytrace: %d appended, %d refused%n", ok.get(), refused.get());
      } else {
        System.err.printf("baytrace: %d appended, %d already in the ledger (kept their indexes), %d refused%n",
            ok.get() - duplicates.get(), duplicates.get(), refused.get());
      }
      return refused.get() == 0 ? BayTrace.OK : BayTrace.FAILED;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } finally {
      TargetOption.close(ch);
    }
  }

  /** Signs every record of the input and hands it to {@code sink}; lines that are not records count as refused. */
  private long signEach(String ledgerOrigin, SigningKey key, AtomicLong refused, SignedSink sink,
      java.util.function.LongConsumer afterLine) throws Exception {
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
      sink.accept(1, Records.sign(body.toByteArray(), key));
      return 1;
    }
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
        try {
          RecordBody body = RecordInput.fromJsonLine(line, ledgerOrigin, org);
          sink.accept(lineNo, Records.sign(body.toByteArray(), key));
        } catch (IllegalArgumentException e) {
          refused.incrementAndGet();
          System.out.printf("line %d: not sent: %s%n", lineNo, e.getMessage());
        }
        afterLine.accept(lineNo);
      }
      return lineNo;
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read " + input.file + ": " + e.getMessage());
    }
  }

  /** Signs the input into the spool (on disk before anything is sent), then sends everything the spool holds. */
  private int callSpooled(SigningKey key) throws Exception {
    try (Spool spool = Spool.open(spoolDir)) {
      ManagedChannel ch = target.channel();
      try {
        String ledgerOrigin = origin != null ? origin : spool.origin().orElse(null);
        if (ledgerOrigin == null) {
          try {
            ledgerOrigin = askOrigin(ch);
          } catch (StatusRuntimeException e) {
            throw new CliException(BayTrace.IO_ERROR, "cannot reach a node at " + target.target + " (" + e.getStatus().getCode()
                + ") and spool " + spoolDir + " does not know the ledger yet: pass --origin ORIGIN (the first line of"
                + " 'baytrace checkpoint') to sign offline");
          }
        }
        spool.rememberOrigin(ledgerOrigin);
        AtomicLong notRecords = new AtomicLong();
        if (input != null) {
          String o = ledgerOrigin;
          long[] kept = {0};
          signEach(o, key, notRecords, (n, signed) -> {
            Spool.Pending p = spool.add(signed);
            kept[0]++;
            System.out.printf("line %d: signed, kept as %s%n", n, p.file().getFileName());
          }, n -> { });
          System.err.printf("baytrace: %d records signed into %s%n", kept[0], spoolDir);
        }
        SpoolSender.Result result = new SpoolSender(spool, ch, inFlight).sendUntilEmpty(waitSeconds);
        System.err.printf("baytrace: %d appended, %d refused, %d waiting in %s%s%n", result.appended(),
            result.refused() + notRecords.get(), result.waiting(), spoolDir,
            result.waiting() == 0 ? "" : " (" + result.why() + "); they are sent, in order, by the next"
                + " 'baytrace append --spool " + spoolDir + "'");
        if (result.waiting() > 0) {
          return BayTrace.IO_ERROR;
        }
        return result.refused() + notRecords.get() == 0 ? BayTrace.OK : BayTrace.FAILED;
      } finally {
        TargetOption.close(ch);
      }
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "spool " + spoolDir + ": " + e.getMessage());
    }
  }

  private static synchronized void report(long n, AppendResponse r, AtomicLong ok, AtomicLong duplicates,
      AtomicLong refused) {
    if (r.hasAppended()) {
      ok.incrementAndGet();
      if (r.getAppended().getDuplicate()) {
        duplicates.incrementAndGet();
      }
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
