package org.baytrace.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.SigningKey;
import org.junit.jupiter.api.Test;

/**
 * The exact checkpoint and signed-note bytes of DESIGN §3.3, checked against computations made here
 * with the JDK alone (SHA-256 from MessageDigest, Ed25519 from the JDK provider), not with the
 * library's own helpers.
 */
class SignedNoteFormatTest {
  private static final String ORIGIN = "baytrace.example/gba/ledger-1";
  private static final Hash32 ROOT = Hash32.fromHex("2d0d5b2c1f7e9c0d8c6f1f3f1a7b0e9d7c5b3a1908f7e6d5c4b3a29180706050");
  private static final SigningKey KEY = SigningKey.fromSeed(seed(7));
  private static final String NAME = "node-a.example";

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  static byte[] independentKeyHash(String name, PublicKey key) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) '\n');
    d.update((byte) 0x01);
    d.update(key.toByteArray());
    return Arrays.copyOf(d.digest(), 4);
  }

  static boolean jdkVerifies(PublicKey key, byte[] message, byte[] signature) throws Exception {
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(key.toByteArray()));
    Signature v = Signature.getInstance("Ed25519");
    v.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
    v.update(message);
    return v.verify(signature);
  }

  @Test
  void checkpointText_isOriginSizeAndBase64RootEachEndingInANewline() {
    Checkpoint cp = new Checkpoint(ORIGIN, 41, ROOT);
    assertEquals(ORIGIN + "\n41\n" + Base64.getEncoder().encodeToString(ROOT.toByteArray()) + "\n", cp.text());
    assertEquals("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        new Checkpoint("o", 0, Hash32.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).text());
  }

  @Test
  void checkpointText_withExtensionLines_keepsThemAfterTheRoot() throws Exception {
    Checkpoint cp = new Checkpoint(ORIGIN, 5, ROOT, List.of("ext one", "ext two"));
    assertTrue(cp.text().endsWith("=\next one\next two\n"));
    assertEquals(cp, Checkpoint.parse(cp.text()));
  }

  @Test
  void signedNote_isTextBlankLineAndOneEmDashSignatureLine() throws Exception {
    Checkpoint cp = new Checkpoint(ORIGIN, 41, ROOT);
    String note = new NoteSigner(NAME, KEY).sign(cp).format();

    String text = ORIGIN + "\n41\n" + ROOT.base64() + "\n";
    String prefix = text + "\n\u2014 " + NAME + " ";
    assertTrue(note.startsWith(prefix), note);
    assertTrue(note.endsWith("\n"));
    String b64 = note.substring(prefix.length(), note.length() - 1);
    assertTrue(b64.matches("[A-Za-z0-9+/]+={0,2}"), "standard base64 with padding: " + b64);
    byte[] blob = Base64.getDecoder().decode(b64);
    assertEquals(4 + 64, blob.length);
    assertArrayEquals(independentKeyHash(NAME, KEY.publicKey()), Arrays.copyOf(blob, 4));
    assertTrue(jdkVerifies(KEY.publicKey(), text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(blob, 4, 68)),
        "the signature is pure Ed25519 over the note text, newline included");
    assertEquals(note.length(), prefix.length() + b64.length() + 1, "exactly one signature line");
  }

  @Test
  void signedNote_emDashIsU2014EncodedAsThreeUtf8Bytes() {
    String note = new NoteSigner(NAME, KEY).sign(new Checkpoint(ORIGIN, 1, ROOT)).format();
    byte[] utf8 = note.getBytes(StandardCharsets.UTF_8);
    int at = note.indexOf("\n\n") + 2;
    assertArrayEquals(new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0x94, ' '}, Arrays.copyOfRange(utf8, at, at + 4));
  }

  @Test
  void keyHash_isSha256OfNameNewlineAlgorithmByteAndKey_firstFourBytes() throws Exception {
    for (int i = 0; i < 20; i++) {
      SigningKey k = SigningKey.fromSeed(seed(i));
      String name = "node-" + i + ".example/\u6e7e\u533a";
      assertArrayEquals(independentKeyHash(name, k.publicKey()), new NoteVerifier(name, k.publicKey()).keyHash(), name);
    }
  }

  @Test
  void verifierKey_encode_isNamePlusHex8PlusBase64OfAlgorithmByteAndKey() throws Exception {
    NoteVerifier v = new NoteVerifier(NAME, KEY.publicKey());
    byte[] algAndKey = new byte[33];
    algAndKey[0] = 0x01;
    System.arraycopy(KEY.publicKey().toByteArray(), 0, algAndKey, 1, 32);
    String want = NAME + "+" + HexFormat.of().formatHex(independentKeyHash(NAME, KEY.publicKey())) + "+"
        + Base64.getEncoder().encodeToString(algAndKey);
    assertEquals(want, v.encode());
    assertEquals(want, new NoteSigner(NAME, KEY).verifier().encode());
  }

  @Test
  void verifierKey_parseOfEncode_roundTripsForManyKeys() {
    // The base64 part often contains '+' (about every second key): it must still parse.
    Random random = new Random(9162);
    for (int i = 0; i < 300; i++) {
      byte[] s = new byte[32];
      random.nextBytes(s);
      NoteVerifier v = new NoteVerifier("k" + i, SigningKey.fromSeed(s).publicKey());
      NoteVerifier parsed = NoteVerifier.parse(v.encode());
      assertEquals(v, parsed, v.encode());
      assertEquals(v.publicKey(), parsed.publicKey());
      assertArrayEquals(v.keyHash(), parsed.keyHash());
      assertEquals(v.encode(), parsed.encode());
    }
  }

  @Test
  void verifierKey_wrongKeyHash_isRejected() {
    String good = new NoteVerifier(NAME, KEY.publicKey()).encode();
    String[] parts = good.split("\\+", 3);
    String hash = parts[1];
    String wrong = hash.substring(0, 7) + (hash.charAt(7) == '0' ? '1' : '0');
    assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(parts[0] + "+" + wrong + "+" + parts[2]));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse("other-name+" + hash + "+" + parts[2]),
        "the key hash covers the name");
  }

  @Test
  void verifierKey_malformed_isRejected() {
    String good = new NoteVerifier(NAME, KEY.publicKey()).encode();
    String[] parts = good.split("\\+", 3);
    byte[] algAndKey = Base64.getDecoder().decode(parts[2]);
    algAndKey[0] = 0x02;
    for (String bad : new String[] {
        "", parts[0], parts[0] + "+" + parts[1], parts[0] + "+" + parts[1] + "+",
        parts[0] + "+" + parts[1].substring(2) + "+" + parts[2],
        parts[0] + "+zzzzzzzz+" + parts[2],
        parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(algAndKey),
        parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(Arrays.copyOf(algAndKey, 32)),
        "+" + parts[1] + "+" + parts[2],
        "two words+" + parts[1] + "+" + parts[2]}) {
      assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(bad), bad);
    }
  }

  @Test
  void noteKeyName_withSpaceOrPlusOrEmpty_isRefused() {
    for (String bad : new String[] {"", "a b", "a+b", "tab\there", "new\nline"}) {
      assertThrows(IllegalArgumentException.class, () -> new NoteSigner(bad, KEY), bad);
    }
  }
}
