// BayTrace page verification: bytes, base64, SHA-256 and the protobuf messages of DESIGN §3.1–3.2,
// decoded by hand (the exact bytes are what is signed and hashed; nothing is re-serialised).

/** A check that failed; `check` names it (see verify-messages.js), `detail` says why. */
export class CheckFailure extends Error {
  constructor(check, detail) {
    super(check + ': ' + detail);
    this.check = check;
    this.detail = detail;
  }
}

const UTF8 = new TextEncoder();
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

export function utf8(text) {
  return UTF8.encode(text);
}

export function fromUtf8(bytes, what) {
  try {
    return UTF8_STRICT.decode(bytes);
  } catch (e) {
    throw new CheckFailure('entry', what + ': not UTF-8');
  }
}

export function fromBase64(text, what) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new CheckFailure('entry', what + ': not base64');
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

export function toBase64Url(bytes) {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

// ---- protobuf wire format (https://protobuf.dev/programming-guides/encoding/) ----

/**
 * Splits a message into its fields: [{num, wire, value, big}], value a Number (varint) or bytes;
 * a varint longer than 7 bytes (beyond 2^49) also as `big`, its exact unsigned 64-bit BigInt.
 */
export function fields(bytes, what) {
  const out = [];
  let at = 0;
  const exact = (start) => {
    let big = 0n;
    for (let i = at - 1; i >= start; i--) big = (big << 7n) | BigInt(bytes[i] & 0x7f);
    return BigInt.asUintN(64, big);
  };
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= bytes.length) throw new CheckFailure('entry', what + ': truncated varint');
      const b = bytes[at++];
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return value; // beyond 2^53 inexact: callers check the values they use
    }
    throw new CheckFailure('entry', what + ': varint longer than 10 bytes');
  };
  while (at < bytes.length) {
    const key = varint();
    const num = Math.floor(key / 8);
    const wire = key % 8;
    if (num === 0) throw new CheckFailure('entry', what + ': field number 0');
    let value;
    let big;
    if (wire === 0) {
      const start = at;
      value = varint();
      if (at - start > 7) big = exact(start);
    } else if (wire === 2) {
      const len = varint();
      if (at + len > bytes.length) throw new CheckFailure('entry', what + ': field ' + num + ' runs past the end');
      value = bytes.subarray(at, at + len);
      at += len;
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      if (at + len > bytes.length) throw new CheckFailure('entry', what + ': field ' + num + ' runs past the end');
      value = bytes.subarray(at, at + len);
      at += len;
    } else {
      throw new CheckFailure('entry', what + ': unsupported wire type ' + wire);
    }
    out.push({ num, wire, value, big });
  }
  return out;
}

/**
 * A message by `schema`: field number -> [name, kind, repeated], kind 'varint' | 'int64' (a signed
 * 64-bit varint, as a Number if safe, else the BigInt) | 'bytes' | 'string'. Unknown fields are skipped.
 */
export function decode(bytes, what, schema) {
  const msg = {};
  for (const [, [name, , repeated]] of Object.entries(schema)) if (repeated) msg[name] = [];
  for (const f of fields(bytes, what)) {
    const spec = schema[f.num];
    if (!spec) continue; // unknown fields are kept in the signed bytes, not read
    const [name, kind, repeated] = spec;
    const numeric = kind === 'varint' || kind === 'int64';
    if (numeric !== (f.wire === 0) || (!numeric && f.wire !== 2)) {
      throw new CheckFailure('entry', what + ': field ' + name + ' has wire type ' + f.wire);
    }
    let value = kind === 'string' ? fromUtf8(f.value, what + '.' + name) : f.value;
    if (kind === 'int64' && f.big !== undefined) {
      const signed = BigInt.asIntN(64, f.big);
      value = signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
    }
    if (repeated) msg[name].push(value);
    else msg[name] = value; // proto3: the last one wins
  }
  return msg;
}

/** baytrace.ledger.v1.LogEntry: the Merkle leaf. */
export function decodeLogEntry(bytes) {
  const e = decode(bytes, 'LogEntry', {
    1: ['index', 'varint'], 2: ['recordTime', 'varint'], 3: ['links', 'bytes', true], 4: ['signedRecord', 'bytes'],
  });
  if (!Number.isSafeInteger(e.index ?? 0)) throw new CheckFailure('entry', 'LogEntry: index beyond 2^53');
  return {
    index: e.index ?? 0,
    recordTimeMillis: e.recordTime ?? 0,
    links: e.links.map((l) => decode(l, 'SubjectLink', { 1: ['subject', 'string'], 2: ['previousLeafHash', 'bytes'] })),
    signedRecord: e.signedRecord ?? new Uint8Array(0),
  };
}

/** baytrace.ledger.v1.SignedRecord: the exact body bytes and their signatures. */
export function decodeSignedRecord(bytes) {
  const r = decode(bytes, 'SignedRecord', { 1: ['body', 'bytes'], 2: ['signatures', 'bytes', true] });
  return {
    body: r.body ?? new Uint8Array(0),
    signatures: r.signatures.map((s) => {
      const d = decode(s, 'Signature', { 1: ['publicKey', 'bytes'], 2: ['signature', 'bytes'] });
      return { publicKey: d.publicKey ?? new Uint8Array(0), signature: d.signature ?? new Uint8Array(0) };
    }),
  };
}

/** baytrace.ledger.v1.RecordBody: what the author states. */
export function decodeRecordBody(bytes) {
  const b = decode(bytes, 'RecordBody', {
    1: ['origin', 'string'], 2: ['kind', 'string'], 3: ['subjects', 'string', true], 4: ['eventTime', 'varint'],
    5: ['authorOrg', 'string'], 6: ['nonce', 'bytes'], 7: ['contentType', 'string'], 8: ['content', 'bytes'],
    9: ['submittedBy', 'string'],
  });
  return {
    origin: b.origin ?? '', kind: b.kind ?? '', subjects: b.subjects, authorOrg: b.authorOrg ?? '',
    contentType: b.contentType ?? '', content: b.content ?? new Uint8Array(0), submittedBy: b.submittedBy ?? '',
  };
}
