package org.baytrace.tools;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Generates an Ed25519 key: FILE (private, PKCS#8 PEM, readable by you only) and FILE.pub.",
        "Prints the key id, the public key to put in an organisation registry, and, with --name,"
            + " the checkpoint verifier key."})
final class KeygenCommand implements Callable<Integer> {
  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Private key file to create.")
  Path out;

  @Option(names = "--name", paramLabel = "NAME", description = "Key name for checkpoint signatures (a node's name).")
  String name;

  @Option(names = "--encrypt", description = {"Encrypt the private key with a passphrase (PKCS#8, scrypt, AES-256):"
      + " from $" + KeyFiles.PASSPHRASE_ENV + ", else asked twice on the terminal. The node and"
      + " `baytrace append` read it with the same variable or prompt."})
  boolean encrypt;

  @Override
  public Integer call() {
    SigningKey key = SigningKey.generate();
    Path pub = out.resolveSibling(out.getFileName() + ".pub");
    try {
      if (encrypt) {
        KeyFiles.savePrivateEncrypted(key, out, newPassphrase());
      } else {
        KeyFiles.savePrivate(key, out);
      }
      KeyFiles.savePublic(key.publicKey(), pub);
    } catch (FileAlreadyExistsException e) {
      throw new CliException(BayTrace.IO_ERROR, out + " already exists; choose another --out or delete it first");
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot write key: " + e.getMessage());
    }
    System.out.println("private key: " + out + " (mode 600" + (encrypt ? ", passphrase-encrypted" : "") + ")");
    System.out.println("public key:  " + pub);
    System.out.println("key id:      " + key.keyId());
    System.out.println("public_key = \"" + key.publicKey().base64() + "\"");
    if (name != null) {
      try {
        System.out.println("verifier key: " + new NoteVerifier(name, key.publicKey()).encode());
      } catch (IllegalArgumentException e) {
        throw new CliException(BayTrace.USAGE, "--name: " + e.getMessage());
      }
    }
    return BayTrace.OK;
  }

  /** The passphrase for a new encrypted key: the environment's, else typed twice. */
  private static char[] newPassphrase() {
    String env = System.getenv(KeyFiles.PASSPHRASE_ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    java.io.Console console = System.console();
    if (console == null) {
      throw new CliException(BayTrace.USAGE, "--encrypt: set " + KeyFiles.PASSPHRASE_ENV
          + " to the passphrase, or run in a terminal to type it");
    }
    char[] first = console.readPassword("New passphrase: ");
    char[] second = console.readPassword("Same passphrase again: ");
    if (first == null || first.length == 0 || !java.util.Arrays.equals(first, second)) {
      throw new CliException(BayTrace.USAGE, "--encrypt: the passphrases are empty or differ");
    }
    return first;
  }
}
