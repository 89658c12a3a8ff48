package org.baytrace.config;

import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.OrgRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may call the node's HTTP API, and as which organisation ({@code [http] tokens} and
 * {@code [http] client_certificates}). Each credential maps to one org of the registry: a
 * bearer API token, of which only the SHA-256 is kept here, or a client certificate (verified
 * by the node's TLS) named by the SHA-256 fingerprint of its DER encoding or by its subject
 * distinguished name. These are one node's credentials, not the ledger's genesis: two nodes of
 * a ledger may accept different ones. Immutable and thread-safe.
 *
 * @param tokens {@code [http] tokens}
 * @param certificates {@code [http] client_certificates}
 */
public record HttpAccess(List<Token> tokens, List<ClientCertificate> certificates) {
  /** No credential configured: only the embedded default on loopback accepts writes (anonymously). */
  public static final HttpAccess NONE = new HttpAccess(List.of(), List.of());

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * A bearer API token of {@code org}: {@code sha256} is the lower-case hex SHA-256 of the
   * token's UTF-8 bytes, as {@code baytrace token --org ORG} prints it.
   */
  public record Token(String org, String sha256) {
    public Token {
      String p = OrgRegistry.orgIdProblem(org);
      if (p != null) {
        throw new InvalidValue("org", p);
      }
      sha256 = hex(sha256, "sha256", "the SHA-256 of the token, as printed by baytrace token --org " + org);
    }

    public byte[] hash() {
      return HexFormat.of().parseHex(sha256);
    }

    /** The entry for a token of {@code org}: its SHA-256, never the token. */
    public static Token of(String org, String token) {
      return new Token(org, HexFormat.of().formatHex(digest(token.getBytes(StandardCharsets.UTF_8))));
    }

    /** The line to add to {@code [http] tokens = [ … ]}. */
    public String configLine() {
      return "{ org = \"" + org + "\", sha256 = \"" + sha256 + "\" },";
    }
  }

  /** A new random API token: {@code bt_} and 32 random bytes, base64url (256 bits, nothing to guess). */
  public static String newToken() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return "bt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * A client certificate of {@code org}, named by exactly one of: {@code sha256}, the SHA-256
   * fingerprint of the certificate (DER; hex, colons allowed, as {@code openssl x509 -fingerprint
   * -sha256} prints it), or {@code subject}, its subject DN in RFC 2253 form
   * ({@code CN=nansha-port,O=Nansha Port}).
   */
  public record ClientCertificate(String org, String sha256, String subject) {
    public ClientCertificate {
      String p = OrgRegistry.orgIdProblem(org);
      if (p != null) {
        throw new InvalidValue("org", p);
      }
      if ((sha256 == null) == (subject == null)) {
        throw new InvalidValue("", (sha256 == null ? "got neither" : "got both sha256 and subject")
            + ", want exactly one of sha256 (the certificate's SHA-256 fingerprint) or subject (its subject DN)");
      }
      if (sha256 != null) {
        sha256 = hex(sha256.replace(":", ""), "sha256", "the certificate's SHA-256 fingerprint, 64 hex digits");
      }
      if (subject != null && (subject.isBlank() || subject.length() > 1024 || OrgRegistry.hasControl(subject))) {
        throw new InvalidValue("subject", "got " + Toml.quote(subject) + ", want a subject DN such as \"CN=nansha-port,O=Nansha Port\"");
      }
      if (subject != null) {
        try {
          new javax.security.auth.x500.X500Principal(subject);
        } catch (IllegalArgumentException e) {
          throw new InvalidValue("subject", "got " + Toml.quote(subject) + ", want a distinguished name such as"
              + " \"CN=nansha-port,O=Nansha Port\": " + e.getMessage());
        }
      }
    }
  }

  public HttpAccess {
    tokens = List.copyOf(tokens);
    certificates = List.copyOf(certificates);
    Map<String, Integer> hashes = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      Integer first = hashes.putIfAbsent(tokens.get(i).sha256(), i);
      if (first != null) {
        throw new InvalidValue("http.tokens[" + i + "].sha256", "already used by http.tokens[" + first + "]; make a new token");
      }
    }
    Map<String, Integer> certs = new HashMap<>();
    for (int i = 0; i < certificates.size(); i++) {
      ClientCertificate c = certificates.get(i);
      String key = c.sha256() != null ? "sha256:" + c.sha256() : "subject:" + c.subject();
      Integer first = certs.putIfAbsent(key, i);
      if (first != null) {
        throw new InvalidValue("http.client_certificates[" + i + "]", "names the same certificate as http.client_certificates[" + first + "]");
      }
    }
  }

  public boolean isEmpty() {
    return tokens.isEmpty() && certificates.isEmpty();
  }

  /** Every credential names an org of the registry (the node's own org {@code local} when it is empty). */
  void check(OrgRegistry registry, String localOrg) {
    for (int i = 0; i < tokens.size(); i++) {
      checkOrg(registry, localOrg, tokens.get(i).org(), "http.tokens[" + i + "].org");
    }
    for (int i = 0; i < certificates.size(); i++) {
      checkOrg(registry, localOrg, certificates.get(i).org(), "http.client_certificates[" + i + "].org");
    }
  }

  private static void checkOrg(OrgRegistry registry, String localOrg, String org, String key) {
    boolean known = registry.isEmpty() ? org.equals(localOrg) : registry.org(org).isPresent();
    if (!known) {
      throw new InvalidValue(key, "got " + Toml.quote(org) + ", want the id of an org in [[orgs]] "
          + (registry.isEmpty() ? "(with no [[orgs]]: \"" + localOrg + "\", the node's own org)"
              : registry.orgs().stream().map(OrgRegistry.Org::id).toList()));
    }
  }

  private static String hex(String value, String key, String want) {
    Objects.requireNonNull(value, key);
    String v = value.toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(v).matches()) {
      throw new InvalidValue(key, "got " + Toml.quote(value) + ", want " + want);
    }
    return v;
  }
}
