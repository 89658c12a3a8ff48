package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baytrace.api.ledger.v1.GetReceiptRequest;
import org.baytrace.ledger.receipt.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "receipt", mixinStandardHelpOptions = true,
    description = "Fetches the receipt of an entry (entry, inclusion proof, signed checkpoint) as JSON;"
        + " check it offline with 'baytrace verify'.")
final class ReceiptCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Parameters(paramLabel = "INDEX", description = "Entry index.")
  long index;

  @Option(names = "--tree-size", defaultValue = "0", description = "Prove against this tree size (default: the latest).")
  long treeSize;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path out;

  @Override
  public Integer call() {
    ManagedChannel ch = target.channel();
    try {
      var r = target.blocking(ch).getReceipt(GetReceiptRequest.newBuilder().setIndex(index).setTreeSize(treeSize).build());
      String json = new Receipt(r.getRecord().toByteArray(), r.getLeafIndex(), r.getCheckpoint(),
          r.getInclusionProofList().stream().map(b -> b.toByteArray()).toList()).toJson();
      if (out == null) {
        System.out.println(json);
      } else {
        Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
        System.err.println("baytrace: receipt for entry " + index + " written to " + out);
      }
      return BayTrace.OK;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot write " + out + ": " + e.getMessage());
    } finally {
      TargetOption.close(ch);
    }
  }
}
