package org.baytrace.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passphrase-encrypted key files (PKCS#8, scrypt, AES-256-CBC) and owner-only directories; plain
 * key files written before keep loading.
 */
class EncryptedKeyFilesTest {
  @TempDir Path dir;

  @Test
  void encryptedKey_loadsWithItsPassphrase_andIsNotPlainText() throws IOException {
    SigningKey key = SigningKey.generate();
    Path file = dir.resolve("org.key");
    KeyFiles.savePrivateEncrypted(key, file, "correct horse".toCharArray());

    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
    assertTrue(KeyFiles.isEncrypted(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    SigningKey loaded = KeyFiles.loadPrivate(file, f -> "correct horse".toCharArray());
    assertArrayEquals(key.seed(), loaded.seed());
  }

  @Test
  void encryptedKey_wrongPassphrase_isRefusedNamingTheFile() throws IOException {
    Path file = dir.resolve("org.key");
    KeyFiles.savePrivateEncrypted(SigningKey.generate(), file, "correct horse".toCharArray());
    IOException e = assertThrows(IOException.class, () -> KeyFiles.loadPrivate(file, f -> "battery staple".toCharArray()));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("wrong passphrase"), e.getMessage());
  }

  @Test
  void encryptedKey_withoutAPassphrase_saysWhichVariableToSet() throws IOException {
    Path file = dir.resolve("org.key");
    KeyFiles.savePrivateEncrypted(SigningKey.generate(), file, "pw".toCharArray());
    IOException e = assertThrows(IOException.class, () -> KeyFiles.loadPrivate(file, f -> {
      throw new IOException(f + ": the key file is encrypted; set " + KeyFiles.PASSPHRASE_ENV);
    }));
    assertTrue(e.getMessage().contains("BAYTRACE_KEY_PASSPHRASE"), e.getMessage());
  }

  @Test
  void plainKeyFile_loadsWithoutAskingForAPassphrase() throws IOException {
    SigningKey key = SigningKey.generate();
    Path file = dir.resolve("plain.key");
    KeyFiles.savePrivate(key, file);
    assertFalse(KeyFiles.isEncrypted(file));
    SigningKey loaded = KeyFiles.loadPrivate(file, f -> {
      throw new AssertionError("a plain key file needs no passphrase");
    });
    assertArrayEquals(key.seed(), loaded.seed());
  }

  @Test
  void keyInANewDirectory_createsTheDirectoriesOwnerOnly() throws IOException {
    Path file = dir.resolve("data/keys/node.key");
    KeyFiles.savePrivate(SigningKey.generate(), file);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/keys"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
