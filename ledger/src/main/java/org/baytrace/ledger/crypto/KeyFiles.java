package org.baytrace.ledger.crypto;

import java.io.Console;
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
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Key files in the standard PEM forms that OpenSSL reads and writes: a private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, RFC 8410) created readable by its owner only, and a
 * public key as SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}). A private key may
 * also be passphrase-encrypted PKCS#8 ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}, RFC 5958
 * PBES2 with scrypt (RFC 7914, N=2^17, r=8, p=1) and AES-256-CBC; {@code openssl pkey} reads it);
 * {@link #loadPrivate(Path)} takes the passphrase from {@value #PASSPHRASE_ENV}, else asks on the
 * console. Stateless.
 */
public final class KeyFiles {
  /** The environment variable that holds the passphrase of encrypted key files. */
  public static final String PASSPHRASE_ENV = "BAYTRACE_KEY_PASSPHRASE";
  private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";
  private static final java.security.Provider BC = new BouncyCastleProvider();
  private static final int SCRYPT_COST = 1 << 17; // about 128 MiB and a fraction of a second per load

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
    writeOwnerOnly(file, pem);
  }

  /**
   * Writes a private key file encrypted with {@code passphrase} (scrypt and AES-256-CBC),
   * readable and writable by its owner only. Refuses to overwrite an existing file.
   */
  public static void savePrivateEncrypted(SigningKey key, Path file, char[] passphrase) throws IOException {
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("passphrase: empty, want one to encrypt the key with");
    }
    byte[] der = concat(PKCS8_PREFIX, key.seed());
    try {
      OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(
          new ScryptConfig.Builder(SCRYPT_COST, 8, 1).withSaltLength(16).build(), NISTObjectIdentifiers.id_aes256_CBC)
          .setProvider(BC).build(passphrase);
      byte[] encrypted = new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(der)).build(encryptor).getEncoded();
      writeOwnerOnly(file, pem(ENCRYPTED, encrypted).getBytes(StandardCharsets.US_ASCII));
    } catch (OperatorCreationException e) {
      throw new IOException(file + ": cannot encrypt the key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Whether a key file is passphrase-encrypted. */
  public static boolean isEncrypted(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).contains("-----BEGIN " + ENCRYPTED + "-----");
  }

  private static void writeOwnerOnly(Path file, byte[] pem) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.exists(dir)) {
      createOwnerOnlyDirectories(dir);
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
    return loadPrivate(file, KeyFiles::passphraseFromEnvironmentOrConsole);
  }

  /** Where the passphrase of an encrypted key file comes from; asked only for such a file. */
  @FunctionalInterface
  public interface Passphrase {
    /** The passphrase for {@code file}; throws naming how to give one if there is none. */
    char[] forFile(Path file) throws IOException;
  }

  /**
   * Reads a private key file, plain or encrypted; {@code passphrase} is asked only for an
   * encrypted one. Refuses a file that others may read.
   */
  public static SigningKey loadPrivate(Path file, Passphrase passphrase) throws IOException {
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
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    byte[] der = text.contains("-----BEGIN " + ENCRYPTED + "-----")
        ? decrypt(file, decodePem(file, text, ENCRYPTED), passphrase.forFile(file))
        : decodePem(file, text, "PRIVATE KEY");
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

  private static byte[] decrypt(Path file, byte[] encrypted, char[] passphrase) throws IOException {
    try {
      PKCS8EncryptedPrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(encrypted);
      InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(passphrase);
      return info.decryptPrivateKeyInfo(decryptor).getEncoded();
    } catch (PKCSException e) {
      throw new IOException(file + ": cannot decrypt the key: wrong passphrase, or not a key this program wrote ("
          + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new IOException(file + ": not an encrypted PKCS#8 private key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /**
   * The passphrase from {@value #PASSPHRASE_ENV}, else typed at the console (without echo).
   *
   * @throws IOException naming the variable if there is neither
   */
  public static char[] passphraseFromEnvironmentOrConsole(Path file) throws IOException {
    String env = System.getenv(PASSPHRASE_ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Passphrase for %s: ", file);
      if (typed != null && typed.length > 0) {
        return typed;
      }
    }
    throw new IOException(file + ": the key file is encrypted; set " + PASSPHRASE_ENV
        + " to its passphrase (or run in a terminal to be asked for it)");
  }

  /**
   * Creates a directory and any missing parents readable by their owner only (rwx------), so
   * that keys and data under them are not readable by other users.
   */
  public static void createOwnerOnlyDirectories(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      return;
    }
    Path parent = abs.getParent();
    if (parent != null && !Files.exists(parent)) {
      createOwnerOnlyDirectories(parent);
    }
    if (supportsPosix(abs)) {
      Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(abs);
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
