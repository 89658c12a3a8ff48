package org.baytrace.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEM key files: round trips, owner-only permissions, refusals. */
class KeyFilesTest {
  // RFC 8410 §10.3 private key and its public key (§10.1); `openssl pkey -in k.pem -pubout` agrees.
  private static final String RFC8410_PRIVATE = "-----BEGIN PRIVATE KEY-----\n"
      + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
      + "-----END PRIVATE KEY-----\n";
  private static final String RFC8410_PUBLIC = "-----BEGIN PUBLIC KEY-----\n"
      + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
      + "-----END PUBLIC KEY-----\n";

  @TempDir Path dir;

  @Test
  void savePrivateThenLoad_isTheSameKey() throws IOException {
    SigningKey key = SigningKey.generate();
    Path file = dir.resolve("keys/node.key");
    KeyFiles.savePrivate(key, file);
    SigningKey loaded = KeyFiles.loadPrivate(file);
    assertEquals(key.publicKey(), loaded.publicKey());
    byte[] msg = "same key, same signature".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(key.sign(msg), loaded.sign(msg), "Ed25519 is deterministic");
    assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
  }

  @Test
  void savePrivate_fileIsReadableAndWritableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("node.key");
    KeyFiles.savePrivate(SigningKey.generate(), file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"})
  void loadPrivate_fileOthersMayAccess_isRefused(String permissions) throws IOException {
    Path file = dir.resolve("node.key");
    KeyFiles.savePrivate(SigningKey.generate(), file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    IOException e = assertThrows(IOException.class, () -> KeyFiles.loadPrivate(file));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void loadPrivate_ownerReadOnly_isAccepted() throws IOException {
    Path file = dir.resolve("node.key");
    SigningKey key = SigningKey.generate();
    KeyFiles.savePrivate(key, file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertEquals(key.publicKey(), KeyFiles.loadPrivate(file).publicKey());
  }

  @Test
  void savePrivate_existingFile_isRefusedAndLeftUnchanged() throws IOException {
    Path file = dir.resolve("node.key");
    KeyFiles.savePrivate(SigningKey.generate(), file);
    byte[] before = Files.readAllBytes(file);
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.savePrivate(SigningKey.generate(), file));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void savePublicThenLoad_isTheSameKey() throws IOException {
    PublicKey key = SigningKey.generate().publicKey();
    Path file = dir.resolve("node.pub");
    KeyFiles.savePublic(key, file);
    assertEquals(key, KeyFiles.loadPublic(file));
    assertEquals(KeyFiles.publicPem(key), Files.readString(file));
  }

  @Test
  void rfc8410ExampleKeys_loadAndMatch() throws IOException {
    Path priv = dir.resolve("rfc8410.key");
    Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(priv, RFC8410_PRIVATE);
    PublicKey pub = KeyFiles.parsePublicPem("rfc8410", RFC8410_PUBLIC);
    assertEquals(pub, KeyFiles.loadPrivate(priv).publicKey());
    assertEquals("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1",
        java.util.HexFormat.of().formatHex(pub.toByteArray()));
    assertEquals(RFC8410_PUBLIC, KeyFiles.publicPem(pub));
  }

  @Test
  void loadPrivate_notAnEd25519Key_isRefused() throws IOException {
    Path file = dir.resolve("other.key");
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, RFC8410_PUBLIC);
    assertThrows(IOException.class, () -> KeyFiles.loadPrivate(file));
    assertThrows(IOException.class, () -> KeyFiles.parsePublicPem("x", RFC8410_PRIVATE.replace("PRIVATE", "PUBLIC")));
  }
}
