package org.baytrace.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Signed-note parsing, cosignature merge and k-of-n verification (DESIGN §3.3). */
class NoteVerificationTest {
  private static final String ORIGIN = "baytrace.example/gba/ledger-1";
  private static final Checkpoint CP = new Checkpoint(ORIGIN, 1234,
      Hash32.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
  private static final NoteSigner A = new NoteSigner("node-a", SigningKey.fromSeed(SignedNoteFormatTest.seed(1)));
  private static final NoteSigner B = new NoteSigner("node-b", SigningKey.fromSeed(SignedNoteFormatTest.seed(2)));
  private static final NoteSigner C = new NoteSigner("node-c", SigningKey.fromSeed(SignedNoteFormatTest.seed(3)));
  private static final NoteSigner STRANGER = new NoteSigner("stranger", SigningKey.fromSeed(SignedNoteFormatTest.seed(4)));
  /** Same name as A, another key. */
  private static final NoteSigner IMPOSTOR = new NoteSigner("node-a", SigningKey.fromSeed(SignedNoteFormatTest.seed(5)));
  private static final List<NoteVerifier> ABC = List.of(A.verifier(), B.verifier(), C.verifier());

  static Failure failureOf(Executable call) {
    VerificationException e = assertThrows(VerificationException.class, call::execute);
    return e.failure();
  }

  private static String signedBy(NoteSigner... signers) {
    SignedNote note = signers[0].sign(CP);
    for (int i = 1; i < signers.length; i++) {
      note = note.merge(signers[i].sign(CP));
    }
    return note.format();
  }

  @Test
  void verify_oneTrustedSigner_returnsItsNameAndTheCheckpoint() throws Exception {
    CheckpointVerifier.Verified v = CheckpointVerifier.verify(signedBy(A), ORIGIN, ABC, 1);
    assertEquals(List.of("node-a"), v.signers());
    assertEquals(CP, v.checkpoint());
  }

  @Test
  void parse_signatureLinesOfUnknownKeys_areKeptButIgnoredByVerify() throws Exception {
    String note = signedBy(STRANGER, A, IMPOSTOR);
    SignedNote parsed = SignedNote.parse(note);
    assertEquals(List.of("stranger", "node-a", "node-a"), parsed.signatures().stream().map(SignedNote.Signature::name).toList());
    assertEquals(List.of("node-a"), parsed.verify(ABC, 1));
    assertEquals(note, parsed.format(), "parse and format keep the note as it was");
  }

  @Test
  void verify_onlyUnknownSigners_isUnknownKey() {
    assertEquals(Failure.UNKNOWN_KEY, failureOf(() -> CheckpointVerifier.verify(signedBy(STRANGER), ORIGIN, ABC, 1)));
    assertEquals(Failure.UNKNOWN_KEY, failureOf(() -> CheckpointVerifier.verify(signedBy(IMPOSTOR), ORIGIN, ABC, 1)),
        "a trusted name with another key hash is an unknown key");
  }

  @Test
  void verify_signatureOfAnImpostorUsingTheTrustedKeyHash_isSignatureInvalid() {
    // Same name and key hash as A, but signed with another key: a trusted key's bad signature.
    String line = IMPOSTOR.signatureLine(CP.text());
    byte[] blob = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
    System.arraycopy(A.verifier().keyHash(), 0, blob, 0, 4);
    String forged = CP.text() + "\n\u2014 node-a " + Base64.getEncoder().encodeToString(blob) + "\n";
    assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> CheckpointVerifier.verify(forged, ORIGIN, ABC, 1)));
  }

  @Test
  void verify_badSignatureByATrustedKey_failsEvenWhenEnoughOthersSigned() {
    String good = signedBy(A, B, C);
    String[] lines = good.split("\n", -1);
    // lines: origin, size, root, "", sigA, sigB, sigC, ""
    lines[5] = flipLastSignatureByte(lines[5]);
    String bad = String.join("\n", lines);
    assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> CheckpointVerifier.verify(bad, ORIGIN, ABC, 2)));
  }

  static String flipLastSignatureByte(String line) {
    int space = line.lastIndexOf(' ');
    byte[] blob = Base64.getDecoder().decode(line.substring(space + 1));
    blob[blob.length - 10] ^= 0x01;
    return line.substring(0, space + 1) + Base64.getEncoder().encodeToString(blob);
  }

  @Test
  void verify_kOfN() throws Exception {
    String ab = signedBy(A, B);
    assertEquals(List.of("node-a", "node-b"), CheckpointVerifier.verify(ab, ORIGIN, ABC, 2).signers());
    assertEquals(Failure.TOO_FEW_SIGNERS, failureOf(() -> CheckpointVerifier.verify(ab, ORIGIN, ABC, 3)));
    assertEquals(List.of("node-c", "node-b", "node-a"),
        CheckpointVerifier.verify(signedBy(C, STRANGER, B, A), ORIGIN, ABC, 3).signers());
  }

  @Test
  void verify_sameSignerTwice_countsOnce() {
    String a = signedBy(A);
    String twice = a + a.substring(a.indexOf("\n\n") + 2);
    assertEquals(Failure.TOO_FEW_SIGNERS, failureOf(() -> CheckpointVerifier.verify(twice, ORIGIN, ABC, 2)));
  }

  @Test
  void verify_sameKeyTrustedTwice_countsOnce() {
    assertEquals(Failure.TOO_FEW_SIGNERS,
        failureOf(() -> CheckpointVerifier.verify(signedBy(A), ORIGIN, List.of(A.verifier(), A.verifier()), 2)));
  }

  @Test
  void verify_minSignersBelowOne_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> CheckpointVerifier.verify(signedBy(A), ORIGIN, ABC, 0));
  }

  @Test
  void merge_addsCosignaturesOncePerKeyInOrder() throws Exception {
    SignedNote a = A.sign(CP);
    SignedNote merged = a.merge(B.sign(CP)).merge(a).merge(C.sign(CP)).merge(B.sign(CP));
    assertEquals(List.of("node-a", "node-b", "node-c"), merged.signatures().stream().map(SignedNote.Signature::name).toList());
    assertEquals(CP.text() + "\n" + A.signatureLine(CP.text()) + B.signatureLine(CP.text()) + C.signatureLine(CP.text()),
        merged.format());
    assertEquals(List.of("node-a", "node-b", "node-c"), merged.verify(ABC, 3));
  }

  @Test
  void merge_keepsSignaturesOfTwoKeysWithTheSameName() {
    SignedNote merged = A.sign(CP).merge(IMPOSTOR.sign(CP));
    assertEquals(2, merged.signatures().size());
  }

  @Test
  void merge_notesWithDifferentTexts_isRefused() {
    Checkpoint other = new Checkpoint(ORIGIN, CP.size() + 1, CP.root());
    assertThrows(IllegalArgumentException.class, () -> A.sign(CP).merge(B.sign(other)));
  }

  @Test
  void verify_expectedOriginDiffers_isOriginMismatch() {
    assertEquals(Failure.ORIGIN_MISMATCH,
        failureOf(() -> CheckpointVerifier.verify(signedBy(A), "baytrace.example/other", ABC, 1)));
  }

  @Test
  void verify_nullExpectedOrigin_acceptsAnyOrigin() throws Exception {
    assertEquals(ORIGIN, CheckpointVerifier.verify(signedBy(A), null, ABC, 1).checkpoint().origin());
  }

  @Test
  void verify_flippedByteInRootOrSizeOrOriginLine_isSignatureInvalid() {
    String note = signedBy(A);
    String root = CP.root().base64();
    byte[] rootBytes = CP.root().toByteArray();
    rootBytes[0] ^= 0x01;
    String[] tampered = {
        note.replace(root, Base64.getEncoder().encodeToString(rootBytes)),
        note.replace("\n1234\n", "\n1235\n"),
        note.replace("ledger-1", "ledger-2"),
    };
    for (String t : tampered) {
      assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> CheckpointVerifier.verify(t, null, ABC, 1)), t);
    }
  }

  @Test
  void verify_flippedByteInSignature_isSignatureInvalid() {
    String note = signedBy(A);
    int at = note.indexOf("\n\n") + 2;
    String bad = note.substring(0, at) + flipLastSignatureByte(note.substring(at).strip()) + "\n";
    assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> CheckpointVerifier.verify(bad, ORIGIN, ABC, 1)));
  }

  @Test
  void verify_malformedNotes_areMalformed() {
    String good = signedBy(A);
    String sigLine = good.substring(good.indexOf("\n\n") + 2);
    String root = CP.root().base64();
    StringBuilder hundredAndOne = new StringBuilder(CP.text()).append('\n');
    for (int i = 0; i < 101; i++) {
      hundredAndOne.append(sigLine);
    }
    String[] malformed = {
        "",
        good.replace("\n\n", "\n"),
        good.replace("\u2014 ", "- "),
        good.replace(sigLine, "\u2014 node-a !!!notbase64!!!\n"),
        good.replace(sigLine, "\u2014 node-a AAAA\n"),
        good.replace(sigLine, "\u2014 node-a\n"),
        good.substring(0, good.length() - 1),
        good.replace("\n1234\n", "\n-1\n"),
        good.replace("\n1234\n", "\n01234\n"),
        good.replace("\n1234\n", "\n12a4\n"),
        good.replace("\n1234\n", "\n99999999999999999999\n"),
        good.replace(root, "not*base64"),
        good.replace(root, Base64.getEncoder().encodeToString(Arrays.copyOf(CP.root().toByteArray(), 31))),
        good.replace(ORIGIN + "\n1234\n", "1234\n"),
        good.replace(ORIGIN + "\n", "\n"),
        good.replace(ORIGIN, ORIGIN + "\u0007"),
        hundredAndOne.toString(),
    };
    for (String m : malformed) {
      assertEquals(Failure.MALFORMED, failureOf(() -> CheckpointVerifier.verify(m, null, ABC, 1)), m);
    }
  }

  @Test
  void parse_signatureInNonCanonicalBase64_isMalformed() throws Exception {
    // 68 bytes encode to 92 characters whose last data character carries 2 unused bits; setting
    // them gives another text for the same bytes, which must not verify as the same note.
    String good = signedBy(A);
    int eq = good.lastIndexOf('=');
    char last = good.charAt(eq - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int v = alphabet.indexOf(last);
    assertEquals(0, v & 0x3, "premise: the canonical encoding has zero padding bits");
    for (int bits = 1; bits < 4; bits++) {
      String other = good.substring(0, eq - 1) + alphabet.charAt(v | bits) + good.substring(eq);
      assertEquals(java.util.Arrays.toString(SignedNote.parse(good).signatures().get(0).signature()),
          java.util.Arrays.toString(Arrays.copyOfRange(
              Base64.getDecoder().decode(other.substring(other.lastIndexOf(' ') + 1).strip()), 4, 68)),
          "premise: the JDK decoder ignores padding bits");
      assertEquals(Failure.MALFORMED, failureOf(() -> CheckpointVerifier.verify(other, ORIGIN, ABC, 1)), other);
    }
    String unpadded = good.substring(0, eq) + "\n";
    assertEquals(Failure.MALFORMED, failureOf(() -> CheckpointVerifier.verify(unpadded, ORIGIN, ABC, 1)), "padding left out");
  }

  @Test
  void checkpointParse_roundTripsItsText() throws Exception {
    assertEquals(CP, Checkpoint.parse(CP.text()));
    assertEquals(new Checkpoint(ORIGIN, Long.MAX_VALUE, CP.root()),
        Checkpoint.parse(ORIGIN + "\n" + Long.MAX_VALUE + "\n" + CP.root().base64() + "\n"));
  }
}
