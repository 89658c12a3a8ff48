package org.baytrace.tools;

import java.util.concurrent.Callable;
import org.baytrace.config.HttpAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Makes a random API token with which an organisation's systems call a node's HTTP API"
        + " (Authorization: Bearer TOKEN).",
        "Prints the token (give it to the organisation; the node never stores it) and the line to add to"
            + " [http] tokens in the node file, which holds only the token's SHA-256."})
final class TokenCommand implements Callable<Integer> {
  @Option(names = "--org", required = true, paramLabel = "ORG", description = "Id of the organisation the token proves, as in [[orgs]].")
  String org;

  @Override
  public Integer call() {
    String token = HttpAccess.newToken();
    HttpAccess.Token entry;
    try {
      entry = HttpAccess.Token.of(org, token);
    } catch (IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, "--org: " + e.getMessage());
    }
    System.out.println("token: " + token);
    System.out.println("add to the node file, under [http] tokens = [ ... ]:");
    System.out.println("  " + entry.configLine());
    return BayTrace.OK;
  }
}
