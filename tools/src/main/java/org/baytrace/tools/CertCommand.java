package org.baytrace.tools;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Fingerprint;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baytrace cert}: a network's TLS certificates without OpenSSL (BouncyCastle). ECDSA
 * P-256 keys; PEM output; private keys readable by their owner only.
 */
@Command(name = "cert", mixinStandardHelpOptions = true,
    description = {"Makes a network's TLS CAs and certificates (ECDSA P-256, PEM) without OpenSSL.",
        "Each command writes PREFIX.pem (the certificate, followed by its CA's) and PREFIX.key (the private key,"
            + " readable by you only), and prints the certificate's SHA-256 fingerprint.",
        "",
        "A network has two CAs: the members' CA for Raft between member nodes ([raft.tls], each member's"
            + " certificate pinned in every node's [[peers]]), and the clients' CA for the HTTPS and gRPC"
            + " endpoints ([grpc.tls], [http.tls]) and the client certificates of organisations' systems.",
        "",
        "Example:",
        "  baytrace cert ca --name 'gba-3 members CA' -o tls/members-ca",
        "  baytrace cert member --ca tls/members-ca --name nansha-customs --san 127.0.0.1 -o tls/nansha-customs-member",
        "  baytrace cert ca --name 'gba-3 CA' -o tls/ca",
        "  baytrace cert server --ca tls/ca --name nansha-customs --san 127.0.0.1 --san localhost -o tls/nansha-customs-server",
        "  baytrace cert client --ca tls/ca --name pearl-barge -o tls/pearl-barge-client"},
    subcommands = {CertCommand.Ca.class, CertCommand.Member.class, CertCommand.Server.class, CertCommand.Client.class,
        CertCommand.FingerprintOf.class})
final class CertCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options every certificate takes. */
  static class Common {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PREFIX",
        description = "Writes PREFIX.pem and PREFIX.key; neither may exist.")
    Path out;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "The certificate's common name (CN): a node, an organisation, a CA.")
    String name;

    @Option(names = "--org", paramLabel = "ORG", description = "The organisation (O) in the subject; optional.")
    String org;

    @Option(names = "--days", paramLabel = "DAYS", description = "Validity in days (default: ${DEFAULT-VALUE}).",
        defaultValue = "825")
    int days;

    Duration validity() {
      if (days < 1 || days > 36_500) {
        throw new CliException(BayTrace.USAGE, "--days: got " + days + ", want 1 to 36500");
      }
      return Duration.ofDays(days);
    }

    Path certFile() {
      return out.resolveSibling(out.getFileName() + ".pem");
    }

    Path keyFile() {
      return out.resolveSibling(out.getFileName() + ".key");
    }

    int write(TlsIdentity identity, String what) {
      try {
        Pem.write(identity, certFile(), keyFile());
      } catch (FileAlreadyExistsException e) {
        throw new CliException(BayTrace.IO_ERROR, e.getFile() + " already exists; choose another --out or delete it first");
      } catch (IOException e) {
        throw new CliException(BayTrace.IO_ERROR, "cannot write " + out + ".{pem,key}: " + e.getMessage());
      }
      X509Certificate c = identity.certificate();
      System.out.println(what + ": " + certFile() + " (key " + keyFile() + ", mode 600)");
      System.out.println("subject:     " + c.getSubjectX500Principal().getName());
      System.out.println("issuer:      " + c.getIssuerX500Principal().getName());
      System.out.println("valid until: " + c.getNotAfter().toInstant());
      System.out.println("fingerprint: " + identity.fingerprint());
      return BayTrace.OK;
    }
  }

  /** Options of certificates issued by a CA. */
  static class Issued extends Common {
    @Option(names = "--ca", required = true, paramLabel = "PREFIX",
        description = "The issuing CA: PREFIX.pem and PREFIX.key as written by 'baytrace cert ca'.")
    Path ca;

    @Option(names = "--san", paramLabel = "HOST", description = "A host name or IP address the holder is reached at"
        + " (subjectAltName); repeat for several.")
    List<String> sans = new ArrayList<>();

    TlsIdentity loadCa() {
      Path cert = ca.resolveSibling(ca.getFileName() + ".pem");
      Path key = ca.resolveSibling(ca.getFileName() + ".key");
      try {
        return TlsIdentity.load(cert, key);
      } catch (NoSuchFileException e) {
        throw new CliException(BayTrace.IO_ERROR, "--ca: " + e.getFile() + ": no such file (make the CA with 'baytrace cert ca')");
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException(BayTrace.IO_ERROR, "--ca: " + e.getMessage());
      }
    }

    int issue(Certificates.Use use, String what) {
      Duration validity = validity();
      TlsIdentity ca = loadCa();
      try {
        return write(Certificates.issue(ca, use, name, org, sans, validity), what);
      } catch (IllegalArgumentException e) {
        throw new CliException(BayTrace.USAGE, e.getMessage().startsWith("subjectAltNames") ? "--san: " + e.getMessage()
            : e.getMessage());
      }
    }
  }

  @Command(name = "ca", mixinStandardHelpOptions = true,
      description = {"Makes a self-signed CA (the members' CA, or the clients' CA for HTTPS, gRPC and client certificates)."})
  static final class Ca extends Common implements Callable<Integer> {
    @Override
    public Integer call() {
      if (days == 825) {
        days = 3650; // a CA outlives the certificates it issues
      }
      return write(Certificates.newCa(name, org, validity()), "CA certificate");
    }
  }

  @Command(name = "member", mixinStandardHelpOptions = true,
      description = {"Issues a member node's certificate for Raft (mutual TLS: server and client authentication).",
          "Pin it in every node's [[peers]] entry of this member: tls_cert_file = PREFIX.pem, or tls_fingerprint."})
  static final class Member extends Issued implements Callable<Integer> {
    @Override
    public Integer call() {
      return issue(Certificates.Use.MEMBER, "member certificate");
    }
  }

  @Command(name = "server", mixinStandardHelpOptions = true,
      description = {"Issues a certificate for a node's HTTPS and gRPC endpoints ([http.tls], [grpc.tls]).",
          "--san is required: clients check that the address they connect to is in the certificate."})
  static final class Server extends Issued implements Callable<Integer> {
    @Override
    public Integer call() {
      return issue(Certificates.Use.SERVER, "server certificate");
    }
  }

  @Command(name = "client", mixinStandardHelpOptions = true,
      description = {"Issues a client certificate for an organisation's system (client_ca_file in [grpc.tls], [http.tls]).",
          "--name is the organisation id the certificate stands for."})
  static final class Client extends Issued implements Callable<Integer> {
    @Override
    public Integer call() {
      return issue(Certificates.Use.CLIENT, "client certificate");
    }
  }

  @Command(name = "fingerprint", mixinStandardHelpOptions = true,
      description = {"Prints the SHA-256 fingerprint of a PEM certificate (the value of tls_fingerprint in [[peers]])."})
  static final class FingerprintOf implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A PEM certificate file (the first certificate counts).")
    Path file;

    @Override
    public Integer call() {
      try {
        System.out.println(Fingerprint.of(Pem.readCertificates(file).get(0)));
      } catch (IOException e) {
        throw new CliException(BayTrace.IO_ERROR, e instanceof NoSuchFileException ? file + ": no such file" : e.getMessage());
      }
      return BayTrace.OK;
    }
  }
}
