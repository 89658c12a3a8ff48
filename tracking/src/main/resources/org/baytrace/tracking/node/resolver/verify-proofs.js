// BayTrace page verification: the checks over one proofs bundle (GET /v1/ledger/proofs), no DOM.
// For each entry: leaf hash and RFC 9162 inclusion proof to the checkpoint's root, the log entry's
// index, the record's origin and author signatures, and the event it holds. The checkpoint: k of n
// signatures by the trust root's keys. Across visits: consistency with the remembered checkpoint.

import {
  CheckFailure, decodeLogEntry, decodeRecordBody, decodeSignedRecord, fromBase64, toBase64,
} from './verify-bytes.js';
import { leafHash, verifyConsistency, verifyInclusion } from './verify-merkle.js';
import { verifyCheckpoint, verifyRecordSignatures } from './verify-signatures.js';
import { eventOf, factsOf } from './verify-facts.js';

/** Runs one check; a failure becomes {check, detail} in `failures` (other errors are bugs: rethrown as such). */
async function attempt(failures, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CheckFailure) {
      failures.push({ check: e.check, detail: e.detail });
      return undefined;
    }
    failures.push({ check: 'entry', detail: String(e && e.message ? e.message : e) });
    return undefined;
  }
}

async function verifyEntry(item, checkpoint, trust, recordOnly) {
  const failures = [];
  const index = item.index;
  const leaf = await attempt(failures, () => fromBase64(item.leaf, 'entry ' + index + ' leaf'));
  const proof = await attempt(failures, () => (item.inclusionProof || []).map((h) => fromBase64(h, 'inclusion proof')));
  if (!leaf || !proof) return { index, failures };
  await attempt(failures, async () => verifyInclusion(index, checkpoint.size, await leafHash(leaf), proof, checkpoint.root));
  let signers = null;
  const facts = await attempt(failures, async () => {
    const entry = decodeLogEntry(leaf);
    if (entry.index !== index) throw new CheckFailure('entry', 'entry ' + index + ' says it is entry ' + entry.index);
    const record = decodeSignedRecord(entry.signedRecord);
    await verifyRecordSignatures(index, record);
    signers = record.signatures.map((s) => toBase64(s.publicKey));
    const body = decodeRecordBody(record.body);
    if (body.origin !== trust.origin) {
      throw new CheckFailure('entry', 'entry ' + index + ' is a record for "' + body.origin + '", not this ledger');
    }
    if (recordOnly) return null; // another profile's record: proved and signed, its facts are the page's words
    const event = eventOf(index, body);
    return { ...factsOf(event), eventTime: event.eventTime, offset: event.eventTimeZoneOffset };
  });
  return { index, failures, facts, signers };
}

/**
 * Verifies a proofs bundle for `indexes` against `trust` (from checkTrustRoot). `remembered` is
 * {size, root: Uint8Array} of the newest checkpoint this phone verified before, or null.
 * `recordOnly` (a Set) names entries that are not EPCIS events (water-bus and customs legs, the
 * records behind the cold-chain verdict): their inclusion and signatures are checked, not facts.
 * Returns {checkpoint, entries: Map(index -> {failures, facts, signers: base64 keys}), failures (page-wide)}.
 */
export async function verifyBundle(bundle, indexes, trust, remembered, recordOnly = new Set()) {
  const failures = [];
  const entries = new Map();
  if (!bundle || typeof bundle !== 'object' || !Array.isArray(bundle.entries)) {
    failures.push({ check: 'network', detail: 'the node sent no proofs' });
    return { checkpoint: null, entries, failures };
  }
  const checkpoint = await attempt(failures, () => verifyCheckpoint(bundle.checkpoint, trust));
  if (!checkpoint) return { checkpoint: null, entries, failures };
  const byIndex = new Map(bundle.entries.map((e) => [e.index, e]));
  const results = await Promise.all(indexes.map((index) => {
    const item = byIndex.get(index);
    if (!item) {
      return { index, failures: [{ check: 'inclusion', detail: 'entry ' + index + ' is not in the signed checkpoint of tree size ' + checkpoint.size }] };
    }
    return verifyEntry(item, checkpoint, trust, recordOnly.has(index));
  }));
  results.forEach((r) => entries.set(r.index, r));
  if (remembered) {
    await attempt(failures, async () => {
      // normally the remembered tree is the older one; a node serving a checkpoint that lags what
      // this phone saw (a cluster's cosigned one) proves its tree is a prefix of the remembered one
      const older = remembered.size <= checkpoint.size
        ? { size: remembered.size, root: remembered.root } : { size: checkpoint.size, root: checkpoint.root };
      const newer = remembered.size <= checkpoint.size
        ? { size: checkpoint.size, root: checkpoint.root } : { size: remembered.size, root: remembered.root };
      const c = bundle.consistency;
      if (c === null && remembered.size > checkpoint.size) {
        throw new CheckFailure('consistency', 'this phone verified a tree of size ' + remembered.size
          + ' before; the node now holds fewer entries (its checkpoint: ' + checkpoint.size + ')');
      }
      if (!c || c.fromSize !== older.size || c.toSize !== newer.size || !Array.isArray(c.proof)) {
        throw new CheckFailure('consistency', 'the node sent no consistency proof between tree sizes ' + older.size
          + ' and ' + newer.size);
      }
      const proof = c.proof.map((h) => fromBase64(h, 'consistency proof'));
      try {
        await verifyConsistency(older.size, newer.size, older.root, newer.root, proof);
      } catch (e) {
        if (e instanceof CheckFailure) {
          throw new CheckFailure('consistency', 'the history changed since this phone verified tree size '
            + remembered.size + ' (root ' + toBase64(remembered.root).slice(0, 12) + '…): ' + e.detail);
        }
        throw e;
      }
    });
  }
  return { checkpoint, entries, failures };
}
