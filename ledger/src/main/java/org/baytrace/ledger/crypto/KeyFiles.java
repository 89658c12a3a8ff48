package org.baytrace.ledger.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Key files in the standard PEM forms that OpenSSL reads and writes: a private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, RFC 8410) created readable by its owner only, and a
 * public key as SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}). Stateless.
 */
public final class KeyFiles {
  // Fixed DER prefixes of RFC 8410 Ed25519 keys: the key material follows them.
  private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * Writes a private key file readable and writable by its owner only. Refuses to overwrite an
   * existing file, so a key is never lost by accident.
   */
  public static void savePrivate(SigningKey key, Path file) throws IOException {
    byte[] der = concat(PKCS8_PREFIX, key.seed());
    byte[] pem = pem("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(der, (byte) 0);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key file");
    }
    if (supportsPosix(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.write(file, pem, StandardOpenOption.CREATE_NEW);
    }
    Arrays.fill(pem, (byte) 0);
  }

  /**
   * Reads a private key file written by {@link #savePrivate} or by
   * {@code openssl genpkey -algorithm ed25519}. Refuses a file that others may read.
   */
  public static SigningKey loadPrivate(Path file) throws IOException {
    if (supportsPosix(file)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> tooOpen = EnumSet.copyOf(perms);
      tooOpen.removeAll(OWNER_ONLY);
      tooOpen.remove(PosixFilePermission.OWNER_EXECUTE);
      if (!tooOpen.isEmpty()) {
        throw new IOException(file + ": private key file is accessible by others ("
            + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
      }
    }
    byte[] der = unpem(file, "PRIVATE KEY");
    if (der.length != PKCS8_PREFIX.length + SigningKey.SEED_LENGTH
        || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
      throw new IOException(file + ": not an Ed25519 PKCS#8 private key");
    }
    byte[] seed = Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
    Arrays.fill(der, (byte) 0);
    try {
      return SigningKey.fromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  public static void savePublic(PublicKey key, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(file, publicPem(key), StandardCharsets.US_ASCII);
  }

  public static PublicKey loadPublic(Path file) throws IOException {
    return parsePublicPem(file, Files.readString(file, StandardCharsets.US_ASCII));
  }

  /** The SubjectPublicKeyInfo PEM text of a key. */
  public static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", concat(SPKI_PREFIX, key.toByteArray()));
  }

  /** Parses SubjectPublicKeyInfo PEM text; {@code source} names it in error messages. */
  public static PublicKey parsePublicPem(Object source, String text) throws IOException {
    byte[] der = decodePem(source, text, "PUBLIC KEY");
    if (der.length != SPKI_PREFIX.length + PublicKey.LENGTH
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IOException(source + ": not an Ed25519 public key");
    }
    try {
      return PublicKey.of(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  private static boolean supportsPosix(Path file) {
    Path probe = file.toAbsolutePath().getParent();
    return probe != null
        && probe.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(Path file, String type) throws IOException {
    return decodePem(file, Files.readString(file, StandardCharsets.US_ASCII), type);
  }

  private static byte[] decodePem(Object source, String text, String type) throws IOException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IOException(source + ": no '" + begin + "' block found");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).strip());
    } catch (IllegalArgumentException ex) {
      throw new IOException(source + ": PEM body is not base64", ex);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
