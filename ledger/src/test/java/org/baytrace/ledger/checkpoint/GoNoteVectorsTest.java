package org.baytrace.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with the reference signed-note implementation (golang.org/x/mod/sumdb/note) and
 * the C2SP signed-note spec, using the published test vectors: keys, signature lines and notes are
 * copied byte for byte; only the values are theirs.
 */
class GoNoteVectorsTest {
  // golang.org/x/mod/sumdb/note, note_test.go and the package documentation.
  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String PETER_SIG =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_SIG =
      "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
  // c2sp.org/signed-note example.
  static final String FOO_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
  static final String FOO_NOTE = "This is an example message.\n\n"
      + "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
  // A verifier key whose base64 contains '+' (transparency-dev/formats note tests).
  static final String PLUS_VKEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";

  private static SigningKey peterKey() {
    String[] parts = PETER_SKEY.split("\\+", 5);
    byte[] algAndSeed = Base64.getDecoder().decode(parts[4]);
    assertEquals(0x01, algAndSeed[0]);
    return SigningKey.fromSeed(Arrays.copyOfRange(algAndSeed, 1, 33));
  }

  @Test
  void peterVerifierKey_parsesAndEncodesByteForByte() {
    NoteVerifier v = NoteVerifier.parse(PETER_VKEY);
    assertEquals("PeterNeumann", v.name());
    assertEquals("c74f20a3", HexFormat.of().formatHex(v.keyHash()));
    assertEquals(PETER_VKEY, v.encode());
  }

  @Test
  void peterSigningKey_derivesTheVerifierKeyAndSignsTheGoldenLine() {
    NoteSigner signer = new NoteSigner("PeterNeumann", peterKey());
    assertEquals(PETER_VKEY, signer.verifier().encode());
    assertEquals(PETER_SIG, signer.signatureLine(TEXT), "Ed25519 is deterministic: the same line as Go");
    assertEquals(TEXT + "\n" + PETER_SIG, SignedNote.of(TEXT, signer.signatureLine(TEXT)).format());
  }

  @Test
  void enochKey_isTheKeyOfTheAllZeroSeed() {
    NoteSigner enoch = new NoteSigner("EnochRoot", SigningKey.fromSeed(new byte[32]));
    assertEquals(ENOCH_VKEY, enoch.verifier().encode());
    assertEquals(ENOCH_SIG, enoch.signatureLine(TEXT));
  }

  @Test
  void goNote_signedByPeter_verifies() throws Exception {
    SignedNote note = SignedNote.parse(TEXT + "\n" + PETER_SIG);
    assertEquals(TEXT, note.text());
    assertEquals(List.of("PeterNeumann"), note.verify(List.of(NoteVerifier.parse(PETER_VKEY)), 1));
  }

  @Test
  void goNote_signedByPeterAndEnoch_verifiesTwoOfTwoAndIgnoresEnochWhenUntrusted() throws Exception {
    SignedNote note = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG);
    List<NoteVerifier> both = List.of(NoteVerifier.parse(PETER_VKEY), NoteVerifier.parse(ENOCH_VKEY));
    assertEquals(List.of("PeterNeumann", "EnochRoot"), note.verify(both, 2));
    assertEquals(List.of("PeterNeumann"), note.verify(List.of(NoteVerifier.parse(PETER_VKEY)), 1));
    VerificationException e = assertThrows(VerificationException.class,
        () -> note.verify(List.of(NoteVerifier.parse(PETER_VKEY)), 2));
    assertEquals(Failure.TOO_FEW_SIGNERS, e.failure());
  }

  @Test
  void goNote_tamperedText_isSignatureInvalid() {
    String tampered = (TEXT + "\n" + PETER_SIG).replace("cryptography", "cryptographY");
    VerificationException e = assertThrows(VerificationException.class,
        () -> SignedNote.parse(tampered).verify(List.of(NoteVerifier.parse(PETER_VKEY)), 1));
    assertEquals(Failure.SIGNATURE_INVALID, e.failure());
  }

  @Test
  void c2spSpecExample_verifies() throws Exception {
    NoteVerifier foo = NoteVerifier.parse(FOO_VKEY);
    assertEquals(FOO_VKEY, foo.encode());
    SignedNote note = SignedNote.parse(FOO_NOTE);
    assertEquals("This is an example message.\n", note.text());
    assertEquals(List.of("example.com/foo"), note.verify(List.of(foo), 1));
    assertEquals(FOO_NOTE, note.format());
  }

  @Test
  void verifierKeyWithPlusInItsBase64_parses() {
    NoteVerifier v = NoteVerifier.parse(PLUS_VKEY);
    assertEquals("TEST", v.name());
    assertEquals(PLUS_VKEY, v.encode());
  }
}
