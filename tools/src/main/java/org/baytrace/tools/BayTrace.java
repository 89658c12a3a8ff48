package org.baytrace.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code baytrace} command line. The only place in BayTrace that calls System.exit.
 */
@Command(
    name = "baytrace",
    mixinStandardHelpOptions = true,
    versionProvider = BayTrace.Version.class,
    description = "BayTrace: a signed, hash-chained traceability ledger.",
    subcommands = {
      NodeCommand.class,
      ReseedCommand.class,
      RegistryCommand.class,
      KeygenCommand.class,
      TokenCommand.class,
      CertCommand.class,
      AppendCommand.class,
      GetCommand.class,
      ReceiptCommand.class,
      CheckpointCommand.class,
      TrustRootCommand.class,
      ConsistencyCommand.class,
      VerifyCommand.class,
      WitnessCommand.class,
      BenchCommand.class,
      DemoCommand.class,
      FsckCommand.class,
      CompactCommand.class,
      MigrateCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (for verify: every check passed)",
      "1:verification failed, or a record was refused",
      "2:invalid command line",
      "3:could not reach the node, or a file or network error",
      "4:internal error (a bug: please report it)"
    })
public final class BayTrace implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int IO_ERROR = 3;
  public static final int INTERNAL = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; tests call this. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new BayTrace());
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof CliException ce) {
        line.getErr().println("baytrace: " + ce.getMessage());
        return ce.exitCode();
      }
      line.getErr().println("baytrace: internal error: " + ex);
      ex.printStackTrace(line.getErr());
      return INTERNAL;
    });
    return cl.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BayTrace.class.getPackage().getImplementationVersion();
      return new String[] {"baytrace " + (v == null ? "development build" : v)};
    }
  }
}
