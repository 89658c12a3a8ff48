package org.baytrace.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;

/** The node's own Ed25519 key on disk (PKCS#8 PEM, owner-only permissions). Stateless. */
public final class NodeKeys {
  private NodeKeys() {}

  /**
   * Loads the node key from {@code config.keyFile()}, or generates it (owner-only permissions)
   * if absent, printing nothing.
   *
   * <p>In a cluster ({@code config.self()} present) the key must already exist and must be the
   * key of this node's {@code verifier_key}: a node that made itself a fresh key could not sign
   * checkpoints its peers accept, so that is refused rather than done.
   *
   * @throws IOException if the file cannot be read or written, is readable by others, holds no
   *     Ed25519 key, or holds another key than this node's peer entry names
   */
  public static SigningKey loadOrGenerate(NodeConfig config) throws IOException {
    Path file = config.keyFile();
    Optional<Peer> self = config.self();
    SigningKey key;
    // NOFOLLOW: a dangling link is an existing entry, so it is read (and fails), never written through.
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      key = KeyFiles.loadPrivate(file);
    } else if (self.isPresent()) {
      throw new NoSuchFileException(file.toString(), null, "node key file missing; this node is peer \""
          + self.get().id() + "\" whose verifier_key is " + self.get().verifierKey()
          + ", so its key must be put here, not generated");
    } else {
      SigningKey fresh = SigningKey.generate();
      try {
        KeyFiles.savePrivate(fresh, file);
        key = fresh;
      } catch (FileAlreadyExistsException raced) {
        key = KeyFiles.loadPrivate(file);
      }
    }
    if (self.isPresent() && !self.get().verifierKey().publicKey().equals(key.publicKey())) {
      throw new IOException(file + ": holds key " + key.keyId() + ", but peer \"" + self.get().id()
          + "\" (this node) has verifier_key " + self.get().verifierKey() + " for key "
          + self.get().verifierKey().publicKey().keyId());
    }
    return key;
  }
}
