package org.baytrace.ledger.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Reading and writing PEM certificates and private keys (PKCS#8, or SEC1 "EC PRIVATE KEY" on input). */
public final class Pem {
  private Pem() {}

  /** Every certificate in a PEM file, in file order (a chain: leaf first). */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException(file + ": no PEM certificate in it (want -----BEGIN CERTIFICATE-----)");
      }
      return List.copyOf(out);
    } catch (CertificateException e) {
      throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** The private key of a PEM file, which must be readable by its owner only. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
          && p != PosixFilePermission.OWNER_EXECUTE)) {
        throw new IOException(file + ": a private key readable by others (mode " + PosixFilePermissions.toString(perms)
            + "); run: chmod 600 " + file);
      }
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IOException(file + ": no unencrypted PEM private key in it (want -----BEGIN PRIVATE KEY-----)");
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a PEM private key: " + e.getMessage(), e);
    }
  }

  /**
   * Writes an identity: the certificate chain to {@code certificateFile} and the private key
   * (PKCS#8) to {@code keyFile}, created readable by its owner only. Neither file may exist.
   */
  public static void write(TlsIdentity identity, Path certificateFile, Path keyFile) throws IOException {
    if (Files.exists(certificateFile)) {
      throw new FileAlreadyExistsException(certificateFile.toString());
    }
    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, encode(identity.key()), StandardCharsets.US_ASCII);
    Files.writeString(certificateFile, encode(identity.chain().toArray()), StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** PEM text of certificates or keys (each as PKCS#8 / X.509). */
  public static String encode(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode PEM: " + e.getMessage(), e); // writing to a string
    }
    return out.toString();
  }
}
