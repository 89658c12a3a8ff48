// BayTrace page verification: Ed25519 with WebCrypto, author signatures over records (DESIGN §3.1),
// C2SP signed-note checkpoints with k-of-n signers (§3.3), and the trust root a QR code carries (ledger README, "Trust root").

import { CheckFailure, concat, equal, fromBase64, sha256, toBase64Url, utf8 } from './verify-bytes.js';

const ED25519 = { name: 'Ed25519' };
const RECORD_DOMAIN = utf8('baytrace/record/v1\n');
const keys = new Map(); // imported public keys, by their base64url bytes

async function importKey(publicKey) {
  const id = toBase64Url(publicKey);
  let key = keys.get(id);
  if (!key) {
    key = await crypto.subtle.importKey('raw', publicKey, ED25519, false, ['verify']);
    keys.set(id, key);
  }
  return key;
}

export async function ed25519Verify(publicKey, signature, message) {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return await crypto.subtle.verify(ED25519, await importKey(publicKey), signature, message);
  } catch (e) {
    return false; // a key that is not a curve point
  }
}

/** Whether this browser verifies Ed25519 (RFC 8032 §7.1, test 1, checked for real). */
export async function canVerify() {
  if (!globalThis.crypto || !crypto.subtle || typeof crypto.subtle.verify !== 'function') return false;
  const h = (s) => Uint8Array.from(s.match(/../g), (b) => parseInt(b, 16));
  try {
    return await crypto.subtle.verify(ED25519,
      await crypto.subtle.importKey('raw', h('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
        ED25519, false, ['verify']),
      h('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'),
      new Uint8Array(0));
  } catch (e) {
    return false;
  }
}

/** Every signature on a record must verify over "baytrace/record/v1\n" || body; at least one. */
export async function verifyRecordSignatures(index, signedRecord) {
  if (signedRecord.signatures.length === 0) throw new CheckFailure('author', 'entry ' + index + ': the record is not signed');
  const message = concat(RECORD_DOMAIN, signedRecord.body);
  for (let i = 0; i < signedRecord.signatures.length; i++) {
    const s = signedRecord.signatures[i];
    if (!(await ed25519Verify(s.publicKey, s.signature, message))) {
      const keyId = Array.from((await sha256(s.publicKey)).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
      throw new CheckFailure('author', 'entry ' + index + ': signature ' + (i + 1) + ' (key ' + keyId
        + ') does not verify over the record');
    }
  }
}

/** A note verifier key, name+hex(keyhash)+base64(0x01 || key), its key hash checked. */
export async function parseVerifierKey(text) {
  const bad = (why) => new CheckFailure('trust', 'verifier key "' + text + '": ' + why);
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw bad('want name+keyhash+key');
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  if (!/^[0-9a-f]{8}$/.test(hashHex)) throw bad('key hash is not 8 hex digits');
  const key = fromBase64(text.slice(second + 1), 'verifier key');
  if (key.length !== 33 || key[0] !== 1) throw bad('not an Ed25519 key');
  const keyHash = (await sha256(concat(utf8(name + '\n'), key))).slice(0, 4);
  if (Array.from(keyHash, (b) => b.toString(16).padStart(2, '0')).join('') !== hashHex) throw bad('key hash does not match');
  return { name, keyHash, publicKey: key.slice(1), text };
}

function compareBytes(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The canonical text of a trust root (ledger README, "Trust root"): keys sorted by their UTF-8 bytes. */
export function trustRootText(origin, threshold, vkeys) {
  const sorted = [...vkeys].sort((a, b) => compareBytes(utf8(a), utf8(b)));
  return 'baytrace/trust-root/v1\norigin ' + origin + '\nthreshold ' + threshold + '\n'
    + sorted.map((k) => 'vkey ' + k + '\n').join('');
}

/** base64url(SHA-256(canonical text)[:16]). */
export async function trustRootId(text) {
  return toBase64Url((await sha256(utf8(text))).slice(0, 16));
}

/**
 * The node's key set, today's checkpoint signers, with the key-set id they hash to (not yet
 * compared with anything): {id, origin, threshold, keys: [{name, keyHash, publicKey}]}.
 */
export async function keySetRoot(json) {
  if (!json || typeof json.origin !== 'string' || !Array.isArray(json.keys) || !Number.isInteger(json.threshold)) {
    throw new CheckFailure('trust', 'the node did not send a key set');
  }
  if (json.origin.includes('\n') || json.keys.some((k) => typeof k !== 'string' || k.includes('\n'))) {
    throw new CheckFailure('trust', 'the key set has a line break where none may be');
  }
  const id = await trustRootId(trustRootText(json.origin, json.threshold, json.keys));
  return { id, origin: json.origin, threshold: json.threshold, keyTexts: json.keys };
}

/**
 * The node's key set, accepted only if it hashes to the id from the code (so the node cannot
 * offer other keys): {id, origin, threshold, keys: [{name, keyHash, publicKey}]}.
 */
export async function checkTrustRoot(json, expectedId) {
  const set = await keySetRoot(json);
  if (set.id !== expectedId) {
    throw new CheckFailure('trust', 'the keys this node offers hash to ' + set.id + ', the code names ' + expectedId);
  }
  if (set.threshold < 1 || set.threshold > set.keyTexts.length) {
    throw new CheckFailure('trust', 'threshold ' + set.threshold + ' of ' + set.keyTexts.length + ' keys');
  }
  const parsed = [];
  for (const k of set.keyTexts) parsed.push(await parseVerifierKey(k));
  return { id: set.id, origin: set.origin, threshold: set.threshold, keys: parsed };
}

/** A C2SP signed note: {text, body, lines, signatures: [{name, keyHash, signature}]}. */
export function parseNote(text) {
  const bad = (why) => new CheckFailure('checkpoint', why);
  if (typeof text !== 'string') throw bad('no checkpoint');
  const split = text.indexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) throw bad('not a signed note');
  const body = text.slice(0, split + 1);
  const signatures = [];
  for (const line of text.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw bad('signature line "' + line.slice(0, 40) + '" is malformed');
    const raw = fromBase64(m[2], 'note signature');
    if (raw.length < 5) throw bad('signature by ' + m[1] + ' is too short');
    signatures.push({ name: m[1], keyHash: raw.slice(0, 4), signature: raw.slice(4) });
  }
  return { text, body, lines: body.slice(0, -1).split('\n'), signatures };
}

/**
 * Checks a checkpoint against the trust root: its origin, and valid signatures by at least
 * `threshold` distinct trusted keys (unknown signers are ignored). Returns {size, root, signers}.
 */
export async function verifyCheckpoint(noteText, trust) {
  const note = parseNote(noteText);
  const { origin, size, root } = checkpointTree(noteText);
  if (origin !== trust.origin) {
    throw new CheckFailure('checkpoint', 'origin "' + origin + '", want the trust root\'s "' + trust.origin + '"');
  }
  const message = utf8(note.body);
  const signers = new Set();
  for (const s of note.signatures) {
    const key = trust.keys.find((k) => k.name === s.name && equal(k.keyHash, s.keyHash));
    if (key && !signers.has(key.name) && (await ed25519Verify(key.publicKey, s.signature, message))) {
      signers.add(key.name);
    }
  }
  if (signers.size < trust.threshold) {
    throw new CheckFailure('checkpoint', 'signed by ' + signers.size + ' of the trusted keys, want '
      + trust.threshold + ' of ' + trust.keys.length);
  }
  return { size, root, signers: [...signers] };
}

/** What a checkpoint note states, its signatures not checked yet: {origin, size, root}. */
export function checkpointTree(noteText) {
  const [origin, sizeText, rootText] = parseNote(noteText).lines;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText || '') || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckFailure('checkpoint', 'tree size "' + sizeText + '" is not a number');
  }
  const root = fromBase64(rootText || '', 'checkpoint root');
  if (root.length !== 32) throw new CheckFailure('checkpoint', 'root hash is not 32 bytes');
  return { origin, size: Number(sizeText), root };
}
