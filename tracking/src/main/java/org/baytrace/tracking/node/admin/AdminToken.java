package org.baytrace.tracking.node.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The credential of the admin actions ({@code POST /admin/backup}): a random token the node
 * writes at each start to {@value #FILE_NAME} in its data directory, owner-only, and the only
 * bearer token those routes take. Whoever may read the data directory may back it up; nobody
 * else, loopback or not. Only the token's SHA-256 stays in memory, compared in constant time.
 * Immutable; thread-safe.
 */
public final class AdminToken {
  /** The token file's name in the data directory. */
  public static final String FILE_NAME = org.baytrace.config.OpsSettings.ADMIN_TOKEN_FILE;

  private final byte[] hash;

  private AdminToken(byte[] hash) {
    this.hash = hash;
  }

  /** Makes a new token and writes it to {@code dataDir}/{@value #FILE_NAME} (mode 0600), replacing the last one. */
  public static AdminToken create(Path dataDir) throws IOException {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    Path file = dataDir.resolve(FILE_NAME);
    Path temp = dataDir.resolve(FILE_NAME + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    }
    Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new AdminToken(sha256(token));
  }

  /** Whether an {@code Authorization} header value is {@code Bearer <this token>}. */
  boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(hash, sha256(authorization.substring(7).trim()));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
