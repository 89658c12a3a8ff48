package org.baytrace.ledger.bench;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.verify.VerificationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 over the message an author signs for a typical record (signature domain plus a body
 * of about 400 bytes): BouncyCastle as the ledger uses it ({@link SigningKey#sign},
 * {@link PublicKey#verify}) against the JDK's own provider ({@code Signature "Ed25519"}, SunEC),
 * same key, same message, same signature. Scores are operations per second; for the 2-thread
 * variant JMH reports the sum over both threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@State(Scope.Thread)
public class Ed25519Bench {
  private static final byte[] X509_ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_ED25519_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

  private SigningKey signingKey;
  private PublicKey publicKey;
  private byte[] rawPublicKey;
  private byte[] message;
  private byte[] signature;
  private Signature jdkSigner;
  private Signature jdkVerifier;

  @Setup
  public void setUp() throws GeneralSecurityException, VerificationException {
    signingKey = BenchData.authorKey();
    publicKey = signingKey.publicKey();
    rawPublicKey = publicKey.toByteArray();
    message = Records.signedMessage(BenchData.typicalBody(1, new SplittableRandom(1)));
    signature = signingKey.sign(message);

    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    java.security.PublicKey jdkPublic = kf.generatePublic(new X509EncodedKeySpec(concat(X509_ED25519_PREFIX, rawPublicKey)));
    PrivateKey jdkPrivate = kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_ED25519_PREFIX, BenchData.authorSeed())));
    jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(jdkPrivate);
    jdkVerifier = Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(jdkPublic);

    // Both implementations must agree on the bytes, or the comparison means nothing.
    jdkSigner.update(message);
    byte[] jdkSignature = jdkSigner.sign();
    if (!java.util.Arrays.equals(jdkSignature, signature)) {
      throw new IllegalStateException("JDK and BouncyCastle Ed25519 signatures differ");
    }
    if (!jdkVerify()) {
      throw new IllegalStateException("JDK Ed25519 does not verify the BouncyCastle signature");
    }
    publicKey.verify(message, signature);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** BouncyCastle sign, as a checkpoint or record signer does. */
  @Benchmark
  public byte[] signBouncyCastle(CpuShare cpu) {
    return signingKey.sign(message);
  }

  /** JDK (SunEC) sign of the same message with the same key. */
  @Benchmark
  public byte[] signJdk(CpuShare cpu) throws GeneralSecurityException {
    jdkSigner.update(message);
    return jdkSigner.sign();
  }

  /** BouncyCastle verify with a parsed key whose point is cached ({@link PublicKey#verify}). */
  @Benchmark
  public PublicKey verifyBouncyCastle(CpuShare cpu) throws VerificationException {
    publicKey.verify(message, signature);
    return publicKey;
  }

  /** The same on both cores: the machine's total verify capacity (sum of both threads). */
  @Benchmark
  @Threads(2)
  public PublicKey verifyBouncyCastle2Threads(CpuShare cpu) throws VerificationException {
    publicKey.verify(message, signature);
    return publicKey;
  }

  /**
   * BouncyCastle verify of a key seen for the first time: {@link PublicKey#of} decodes the
   * point, as {@code Records.parse} does for every record it reads.
   */
  @Benchmark
  public PublicKey verifyBouncyCastleWithKeyDecode(CpuShare cpu) throws VerificationException {
    PublicKey key = PublicKey.of(rawPublicKey);
    key.verify(message, signature);
    return key;
  }

  /** JDK (SunEC) verify of the same signature with a key decoded once. */
  @Benchmark
  public boolean verifyJdk(CpuShare cpu) throws GeneralSecurityException {
    return jdkVerify();
  }

  private boolean jdkVerify() throws GeneralSecurityException {
    jdkVerifier.update(message);
    return jdkVerifier.verify(signature);
  }
}
