package org.baytrace.tracking.domain.parcel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.Quoted;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A parcel's subject, {@code urn:baytrace:parcel:{64 hex}}, derived from the ledger origin, the
 * waybill number and the label code so that the ledger never holds the waybill:
 *
 * <pre>
 * salt    = SHA-256("baytrace/parcel/v1\n" || origin || "\n" || waybill)
 * subject = Argon2id(password = code, salt, t = 2, m = 19 MiB, p = 1, 32 bytes), hex
 * </pre>
 *
 * The waybill is upper-cased with spaces and hyphens removed ({@code [A-Z0-9]{6,40}}); the code
 * is 10 symbols of Crockford base32 (printed {@code XXXXX-XXXXX}; read case-insensitively, with
 * O as 0 and I, L as 1): 50 bits. Someone who knows a waybill and reads the public ledger must
 * try codes offline, each costing one Argon2id (19 MiB, two passes: about 80 MB of memory
 * traffic): 2^49 tries on average, about 1,500 years of a GPU with 1 TB/s of memory bandwidth.
 * The origin in the salt makes work for one ledger useless for another. Stateless; thread-safe.
 */
public final class ParcelSubject {
  public static final String PREFIX = "urn:baytrace:parcel:";
  /** Crockford base32: no I, L, O, U. */
  public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  public static final int CODE_LENGTH = 10;
  static final int ITERATIONS = 2;
  static final int MEMORY_KIB = 19 * 1024;
  private static final Pattern URN = Pattern.compile(Pattern.quote(PREFIX) + "[0-9a-f]{64}");
  private static final Pattern WAYBILL = Pattern.compile("[A-Z0-9]{6,40}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ParcelSubject() {}

  /** The subject of the parcel with this waybill and label code on the ledger {@code origin}. */
  public static String of(String origin, String waybill, String code) {
    String w = waybill(waybill);
    String c = code(code);
    byte[] salt = sha256(("baytrace/parcel/v1\n" + origin + "\n" + w).getBytes(StandardCharsets.UTF_8));
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withIterations(ITERATIONS).withMemoryAsKB(MEMORY_KIB)
        .withParallelism(1).withSalt(salt).build();
    Argon2BytesGenerator argon = new Argon2BytesGenerator();
    argon.init(params);
    byte[] out = new byte[32];
    argon.generateBytes(c.getBytes(StandardCharsets.US_ASCII), out);
    return PREFIX + HexFormat.of().formatHex(out);
  }

  /** The waybill as the subject uses it: upper case, no spaces or hyphens; or INVALID_FIELD {@code waybill}. */
  public static String waybill(String waybill) {
    String w = waybill == null ? "" : waybill.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
    if (!WAYBILL.matcher(w).matches()) {
      throw Fields.invalid("waybill", Quoted.of(waybill == null ? "" : waybill), "6 to 40 letters and digits");
    }
    return w;
  }

  /** The label code as the subject uses it: 10 Crockford base32 symbols; or INVALID_FIELD {@code code}. */
  public static String code(String code) {
    String c = code == null ? "" : code.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT)
        .replace('O', '0').replace('I', '1').replace('L', '1');
    if (c.length() != CODE_LENGTH || c.chars().anyMatch(ch -> ALPHABET.indexOf(ch) < 0)) {
      throw Fields.invalid("code", "a code that is not " + CODE_LENGTH + " symbols of Crockford base32",
          "the " + CODE_LENGTH + "-symbol code printed on the label, e.g. 7KQ2M-X9D4T");
    }
    return c;
  }

  /** A fresh label code from a strong random source, printed {@code XXXXX-XXXXX}. */
  public static String newCode() {
    StringBuilder b = new StringBuilder(CODE_LENGTH + 1);
    for (int i = 0; i < CODE_LENGTH; i++) {
      if (i == CODE_LENGTH / 2) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Checks that {@code urn} is a parcel subject, or INVALID_FIELD naming {@code field}. */
  public static void check(String field, String urn) {
    if (!URN.matcher(urn).matches()) {
      throw Fields.invalid(field, Quoted.of(urn), PREFIX + "{64 lower-case hex}, derived from waybill and label code");
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
