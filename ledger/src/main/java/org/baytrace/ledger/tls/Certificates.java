package org.baytrace.ledger.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a network's TLS certificates with BouncyCastle (no OpenSSL): self-signed CAs, and
 * ECDSA P-256 certificates for members (Raft, both TLS directions), servers (client-facing gRPC
 * and HTTPS) and clients (organisations' client certificates). Stateless.
 */
public final class Certificates {
  /** What a certificate is for; decides its key usages and extended key usages. */
  public enum Use {
    /** A CA: signs certificates, nothing else. */
    CA,
    /** A member node on the Raft port: server and client authentication. */
    MEMBER,
    /** A client-facing gRPC or HTTPS listener. */
    SERVER,
    /** A client (an organisation's system) authenticating to gRPC or HTTPS. */
    CLIENT
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Back-dates notBefore so that a peer whose clock is slightly behind accepts a fresh certificate. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private Certificates() {}

  /** A new ECDSA key pair on curve P-256 (secp256r1). */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys: " + e, e);
    }
  }

  /** A self-signed CA certificate with a new key. */
  public static TlsIdentity newCa(String commonName, String organisation, Duration validity) {
    KeyPair kp = newKeyPair();
    X500Name name = name(commonName, organisation);
    X509Certificate cert = build(name, kp, name, kp, Use.CA, List.of(), validity);
    return new TlsIdentity(kp.getPrivate(), List.of(cert));
  }

  /**
   * A certificate with a new key, issued by {@code ca}. The chain is the new certificate followed
   * by the CA's chain.
   *
   * @param subjectAltNames host names and IP addresses the holder is reached at (servers, members)
   */
  public static TlsIdentity issue(TlsIdentity ca, Use use, String commonName, String organisation,
      List<String> subjectAltNames, Duration validity) {
    Objects.requireNonNull(ca, "ca");
    if (use == Use.CA) {
      throw new IllegalArgumentException("use: CA certificates are self-signed here (newCa), want MEMBER, SERVER or CLIENT");
    }
    if (use == Use.SERVER && subjectAltNames.isEmpty()) {
      throw new IllegalArgumentException("subjectAltNames: empty, want the host names or addresses clients connect to");
    }
    KeyPair kp = newKeyPair();
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    KeyPair caPair = new KeyPair(ca.certificate().getPublicKey(), ca.key());
    X509Certificate cert = build(issuer, caPair, name(commonName, organisation), kp, use, subjectAltNames, validity);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(ca.chain());
    return new TlsIdentity(kp.getPrivate(), chain);
  }

  private static X500Name name(String commonName, String organisation) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("common name: empty, want e.g. the node or organisation name");
    }
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    if (organisation != null && !organisation.isBlank()) {
      b.addRDN(BCStyle.O, organisation);
    }
    b.addRDN(BCStyle.CN, commonName);
    return b.build();
  }

  private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys, Use use,
      List<String> sans, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity: got " + validity + ", want a positive duration");
    }
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      switch (use) {
        case CA -> {
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
          b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        case MEMBER -> leaf(b, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
        case SERVER -> leaf(b, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth});
        case CLIENT -> leaf(b, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
        default -> throw new IllegalArgumentException("use: " + use);
      }
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(sans.stream().map(Certificates::generalName).toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject + ": " + e, e);
    }
  }

  private static void leaf(X509v3CertificateBuilder b, KeyPurposeId[] purposes) throws CertIOException {
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
  }

  /** An IP literal becomes an iPAddress name, anything else a dNSName. */
  private static GeneralName generalName(String s) {
    boolean ip = s.matches("[0-9.]+") || s.contains(":");
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, s);
  }
}
