package org.baytrace.tracking.node.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.baytrace.config.HttpAccess;

/**
 * Tells which organisation an HTTP request acts for, from what partners' EPCIS systems send: a
 * client certificate that the node's TLS verified (mapped by its SHA-256 fingerprint or its
 * subject DN, {@code [http] client_certificates}) or a bearer API token
 * ({@code Authorization: Bearer …}; only the tokens' SHA-256 hashes are configured,
 * {@code [http] tokens}). Token hashes are compared in constant time, against every configured
 * hash. Without a credential the request is anonymous: only the embedded default on loopback
 * takes it, as its own org ({@link #withAnonymous}).
 *
 * <p>Pure and immutable; thread-safe. The transport hands in what it verified (the chain is
 * empty without TLS client authentication); this class trusts the chain it is given.
 */
public final class Authenticator {
  /** The realm of {@code WWW-Authenticate: Bearer realm="baytrace"}. */
  public static final String REALM = "baytrace";

  private record TokenEntry(String org, byte[] hash) {}

  private record CertEntry(String org, String sha256, X500Principal subject) {}

  private final List<TokenEntry> tokens;
  private final List<CertEntry> certificates;
  private final String anonymousOrg; // null: credentials required

  private Authenticator(List<TokenEntry> tokens, List<CertEntry> certificates, String anonymousOrg) {
    this.tokens = tokens;
    this.certificates = certificates;
    this.anonymousOrg = anonymousOrg;
  }

  /**
   * An authenticator for these credentials.
   *
   * @throws IllegalArgumentException naming the entry if a configured subject is not a DN
   */
  public static Authenticator of(HttpAccess access) {
    List<TokenEntry> tokens = new ArrayList<>();
    access.tokens().forEach(t -> tokens.add(new TokenEntry(t.org(), t.hash())));
    List<CertEntry> certs = new ArrayList<>();
    for (int i = 0; i < access.certificates().size(); i++) {
      HttpAccess.ClientCertificate c = access.certificates().get(i);
      X500Principal subject = null;
      if (c.subject() != null) {
        try {
          subject = new X500Principal(c.subject());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("http.client_certificates[" + i + "].subject: got \"" + c.subject()
              + "\", want a distinguished name such as \"CN=nansha-port,O=Nansha Port\": " + e.getMessage(), e);
        }
      }
      certs.add(new CertEntry(c.org(), c.sha256(), subject));
    }
    return new Authenticator(List.copyOf(tokens), List.copyOf(certs), null);
  }

  /** This authenticator, taking requests without a credential as {@code org} (the embedded default on loopback only). */
  public Authenticator withAnonymous(String org) {
    return new Authenticator(tokens, certificates, org);
  }

  /** The org anonymous requests act for, if this authenticator takes them. */
  public Optional<String> anonymousOrg() {
    return Optional.ofNullable(anonymousOrg);
  }

  /** What authentication of one request found. */
  public sealed interface Outcome {}

  /** The request proved it acts for {@code caller}. */
  public record Authenticated(Caller caller) implements Outcome {}

  /** No credential, and anonymous requests are not taken: {@code detail} says what to send. */
  public record Missing(String detail) implements Outcome {}

  /** A credential that proves nothing (unknown token, unmapped certificate, conflicting proofs). */
  public record Invalid(String detail) implements Outcome {}

  /**
   * @param authorization the {@code Authorization} header, or null
   * @param verifiedChain the client's certificate chain as the TLS layer verified it, leaf first;
   *     empty without TLS client authentication
   */
  public Outcome authenticate(String authorization, List<X509Certificate> verifiedChain) {
    String byCert = null;
    if (!verifiedChain.isEmpty()) {
      byCert = certificateOrg(verifiedChain.get(0));
      if (byCert == null) {
        return new Invalid("client certificate " + subject(verifiedChain.get(0)) + " (SHA-256 " + fingerprint(verifiedChain.get(0))
            + ") is not mapped to an organisation in [http] client_certificates");
      }
    }
    if (authorization != null && !authorization.isBlank()) {
      String a = authorization.strip();
      if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return new Invalid("Authorization: got scheme \"" + a.split(" ", 2)[0] + "\", want Bearer with an API token");
      }
      String byToken = tokenOrg(a.substring(7).strip());
      if (byToken == null) {
        return new Invalid("Authorization: the bearer token is not one of this node's API tokens");
      }
      if (byCert != null && !byCert.equals(byToken)) {
        return new Invalid("the client certificate proves org \"" + byCert + "\" but the bearer token org \"" + byToken
            + "\"; send one credential");
      }
      return new Authenticated(new Caller(byToken, Caller.TOKEN));
    }
    if (byCert != null) {
      return new Authenticated(new Caller(byCert, Caller.CERTIFICATE));
    }
    if (anonymousOrg != null) {
      return new Authenticated(new Caller(anonymousOrg, Caller.ANONYMOUS_LOCAL));
    }
    return new Missing("this route acts for an organisation: send Authorization: Bearer <API token>"
        + " (baytrace token --org ORG makes one) or a client certificate mapped in [http] client_certificates");
  }

  /** The org of a token, comparing its hash with every configured hash in constant time. */
  private String tokenOrg(String token) {
    byte[] hash = sha256(token.getBytes(StandardCharsets.UTF_8));
    String found = null;
    for (TokenEntry t : tokens) {
      if (MessageDigest.isEqual(t.hash(), hash)) {
        found = t.org(); // no early exit: the time taken does not depend on which entry matched
      }
    }
    return found;
  }

  private String certificateOrg(X509Certificate leaf) {
    String fp = fingerprint(leaf);
    X500Principal subject = leaf.getSubjectX500Principal();
    for (CertEntry c : certificates) {
      if (c.sha256() != null ? c.sha256().equals(fp) : c.subject().equals(subject)) {
        return c.org();
      }
    }
    return null;
  }

  /** Lower-case hex SHA-256 of a certificate's DER encoding, as {@code [http] client_certificates} names it. */
  public static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(sha256(cert.getEncoded())).toLowerCase(Locale.ROOT);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  private static String subject(X509Certificate cert) {
    return "\"" + cert.getSubjectX500Principal().getName(X500Principal.RFC2253) + "\"";
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  @Override
  public String toString() {
    return "Authenticator[" + tokens.size() + " tokens, " + certificates.size() + " certificates"
        + (anonymousOrg == null ? "" : ", anonymous as " + anonymousOrg) + "]";
  }
}
