package org.baytrace.ledger.tls;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import org.baytrace.ledger.crypto.Sha256;

/**
 * The SHA-256 of a certificate's DER encoding, the value a configuration pins a member's TLS
 * certificate by. Written as 64 lowercase hex digits; colons and upper case are accepted on
 * input ({@code openssl x509 -fingerprint -sha256} prints {@code AB:CD:...}).
 */
public record Fingerprint(String hex) {
  public Fingerprint {
    if (hex == null || !hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("got " + (hex == null ? "null" : "\"" + hex + "\"")
          + ", want the SHA-256 of the certificate's DER: 64 hex digits (colons allowed)");
    }
  }

  /** Parses {@code hex}, with or without colons, in either case, with an optional {@code sha256:} prefix. */
  public static Fingerprint parse(String text) {
    String s = text == null ? null : text.strip().toLowerCase(Locale.ROOT);
    if (s != null && s.startsWith("sha256:")) {
      s = s.substring("sha256:".length());
    }
    return new Fingerprint(s == null ? null : s.replace(":", ""));
  }

  public static Fingerprint of(X509Certificate cert) {
    try {
      return new Fingerprint(HexFormat.of().formatHex(Sha256.hash(cert.getEncoded()).toByteArray()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "sha256:" + hex;
  }
}
