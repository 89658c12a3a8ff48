// BayTrace page verification: the registry followed from the genesis trust root (ledger README,
// "Trust root", "Governance") to the members who sign today's checkpoint. Entry 0 must hash to the
// root the code carries; every governance entry after it must be in the checkpoint's tree, follow
// the previous one in the registry's hash chain (none left out between them), and carry the
// approvals the registry in force requires: the same rule as GovernanceRule.java, applied in log
// order. Protobuf (governance.proto) is decoded by hand, as the records are.

import {
  CheckFailure, concat, decode, decodeLogEntry, decodeSignedRecord, equal, fromBase64, hex, sha256, toBase64,
  toBase64Url, utf8,
} from './verify-bytes.js';
import { leafHash, verifyInclusion } from './verify-merkle.js';
import { ed25519Verify, parseVerifierKey, verifyRecordSignatures } from './verify-signatures.js';

export const SUBJECT = 'urn:baytrace:governance:registry';
const CONTENT_TYPE = 'application/vnd.baytrace.governance.signed-proposal.v1+protobuf';
const KIND_PREFIX = 'governance.';
const PROPOSAL_DOMAIN = utf8('baytrace/governance/v1\n');
const NO_REGISTRY = -1;

/** The canonical text of a genesis trust root (ledger README, "Trust root"). */
export function genesisRootText(origin, genesisLeafHash) {
  return 'baytrace/trust-root/v2\norigin ' + origin + '\ngenesis ' + toBase64(genesisLeafHash) + '\n';
}

/** base64url(SHA-256(canonical text)[:16]). */
export async function genesisRootId(origin, genesisLeafHash) {
  return toBase64Url((await sha256(utf8(genesisRootText(origin, genesisLeafHash)))).slice(0, 16));
}

// ---- governance.proto, by hand ----

/** Decodes with `schema`; a malformed message is a refused registry change, not a broken entry. */
function msg(bytes, what, schema) {
  try {
    return decode(bytes, what, schema);
  } catch (e) {
    if (e instanceof CheckFailure) throw new CheckFailure('registry', e.detail);
    throw e;
  }
}

function index(value, what) {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new CheckFailure('registry', what + ': got ' + value + ', want an index');
  return value;
}

async function keyId(publicKey) {
  return hex((await sha256(publicKey)).slice(0, 8));
}

function orgKey(bytes) {
  const k = msg(bytes, 'OrgKey', {
    1: ['publicKey', 'bytes'], 2: ['notBefore', 'int64'], 3: ['notAfter', 'int64'], 4: ['addedAt', 'varint'],
    5: ['ended', 'bytes'],
  });
  if (!k.publicKey || k.publicKey.length !== 32) throw new CheckFailure('registry', 'OrgKey.public_key: not 32 bytes');
  let ended = null;
  if (k.ended) {
    const e = msg(k.ended, 'KeyEnd', { 1: ['atIndex', 'varint'], 2: ['revoked', 'varint'], 3: ['reason', 'string'] });
    ended = { atIndex: index(e.atIndex ?? 0, 'KeyEnd.at_index'), revoked: e.revoked === 1, reason: e.reason ?? '' };
  }
  return {
    publicKey: k.publicKey, id: toBase64(k.publicKey), notBefore: k.notBefore ?? null, notAfter: k.notAfter ?? null,
    addedAt: index(k.addedAt, 'OrgKey.added_at_index') ?? -1, ended,
  };
}

function org(bytes) {
  const o = msg(bytes, 'Org', { 1: ['id', 'string'], 4: ['keys', 'bytes', true] });
  return { id: o.id ?? '', keys: o.keys.map(orgKey) };
}

function member(bytes) {
  const m = msg(bytes, 'Member', { 1: ['name', 'string'], 2: ['verifierKey', 'string'] });
  return { name: m.name ?? '', verifierKey: m.verifierKey ?? '' };
}

function governance(bytes) {
  const g = msg(bytes || new Uint8Array(0), 'Governance', { 1: ['threshold', 'varint'], 2: ['orgs', 'string', true] });
  return { threshold: g.threshold ?? 0, orgs: g.orgs };
}

function registry(bytes) {
  const r = msg(bytes, 'Registry', { 1: ['orgs', 'bytes', true], 2: ['members', 'bytes', true], 4: ['governance', 'bytes'] });
  return checked({ orgs: r.orgs.map(org), members: r.members.map(member), governance: governance(r.governance) });
}

const CHANGES = {
  1: 'AdoptRegistry', 2: 'AddOrg', 3: 'SetOrgRoles', 4: 'SetOrgPrefixes', 5: 'AddKey', 6: 'RetireKey', 7: 'RevokeKey',
  8: 'AddMember', 9: 'RemoveMember', 10: 'SetPolicy', 11: 'SetGovernance',
};

/** A Change: {kind, bytes} of its one field. */
function change(bytes) {
  const all = [];
  try {
    for (const f of decodeFields(bytes)) if (CHANGES[f.num]) all.push(f);
  } catch (e) {
    if (e instanceof CheckFailure) throw new CheckFailure('registry', e.detail);
    throw e;
  }
  if (all.length !== 1 || all[0].wire !== 2) {
    throw new CheckFailure('registry', 'proposal.change: got ' + all.length + ' changes, want exactly one');
  }
  return { kind: CHANGES[all[0].num], bytes: all[0].value };
}

function decodeFields(bytes) {
  const out = [];
  const m = decode(bytes, 'Change', Object.fromEntries(Object.keys(CHANGES).map((n) => [n, ['f' + n, 'bytes', true]])));
  for (const n of Object.keys(CHANGES)) for (const v of m['f' + n]) out.push({ num: Number(n), wire: 2, value: v });
  return out;
}

/** A governance record's content: the exact proposal bytes, the proposal, its signatures. */
function signedProposal(bytes) {
  const sp = msg(bytes, 'SignedProposal', { 1: ['proposal', 'bytes'], 2: ['signatures', 'bytes', true] });
  const proposalBytes = sp.proposal ?? new Uint8Array(0);
  const p = msg(proposalBytes, 'Proposal', {
    1: ['origin', 'string'], 2: ['baseIndex', 'int64'], 3: ['nonce', 'bytes'], 4: ['change', 'bytes'], 5: ['summary', 'string'],
  });
  if (!p.change) throw new CheckFailure('registry', 'proposal.change: missing, want one change');
  const signatures = sp.signatures.map((s) => {
    const d = msg(s, 'ProposalSignature', { 1: ['org', 'string'], 2: ['publicKey', 'bytes'], 3: ['signature', 'bytes'] });
    return { org: d.org ?? '', publicKey: d.publicKey ?? new Uint8Array(0), signature: d.signature ?? new Uint8Array(0) };
  });
  return {
    proposalBytes, origin: p.origin ?? '', baseIndex: p.baseIndex ?? 0, change: change(p.change), signatures,
  };
}

// ---- the registry's rules (Registry.java, Change.java, GovernanceRule.java) ----

const refused = (why) => new CheckFailure('registry', why);

/** The registry invariants every state must keep: registered governing orgs, enough of them with a key in force. */
function checked(r) {
  const ids = new Set();
  for (const o of r.orgs) {
    if (ids.has(o.id)) throw refused('orgs: "' + o.id + '" is listed twice');
    ids.add(o.id);
  }
  const names = new Set();
  for (const m of r.members) {
    if (names.has(m.name)) throw refused('members: member "' + m.name + '" is listed twice');
    names.add(m.name);
  }
  const g = r.governance;
  if (g.orgs.length === 0 || new Set(g.orgs).size !== g.orgs.length) throw refused('governance.orgs: got [' + g.orgs + ']');
  if (g.threshold < 1 || g.threshold > g.orgs.length) {
    throw refused('governance.threshold: got ' + g.threshold + ', want 1 to ' + g.orgs.length);
  }
  let signing = 0;
  for (const id of g.orgs) {
    const o = r.orgs.find((x) => x.id === id);
    if (!o) throw refused('governance.orgs: got "' + id + '", want a registered org');
    if (o.keys.some((k) => k.ended === null)) signing++;
  }
  if (signing < g.threshold) {
    throw refused('governance: only ' + signing + ' governing organisation(s) hold a key in force, want at least the threshold '
      + g.threshold + ': no one could change the registry any more');
  }
  return r;
}

function orgOf(r, id, field) {
  const o = r.orgs.find((x) => x.id === id);
  if (!o) throw refused(field + '.org: got "' + id + '", want a registered org [' + r.orgs.map((x) => x.id) + ']');
  return o;
}

function withOrg(r, o) {
  return { ...r, orgs: r.orgs.map((x) => (x.id === o.id ? o : x)) };
}

/** The registry after `kind` (with its message bytes) at `at` (Change.applyTo). */
function applyChange(r, kind, bytes, at) {
  switch (kind) {
    case 'AdoptRegistry':
      return registry(bytes);
    case 'AddOrg': {
      const o = org(bytes);
      if (r.orgs.some((x) => x.id === o.id)) throw refused('add_org.id: "' + o.id + '" is already registered');
      return checked({ ...r, orgs: [...r.orgs, { ...o, keys: o.keys.map((k) => ({ ...k, addedAt: at })) }] });
    }
    case 'SetOrgRoles':
    case 'SetOrgPrefixes': {
      const c = msg(bytes, kind, { 1: ['org', 'string'] });
      orgOf(r, c.org ?? '', kind === 'SetOrgRoles' ? 'set_org_roles' : 'set_org_prefixes');
      return r;
    }
    case 'AddKey': {
      const c = msg(bytes, 'AddKey', { 1: ['org', 'string'], 2: ['key', 'bytes'] });
      const o = orgOf(r, c.org ?? '', 'add_key');
      const k = orgKey(c.key ?? new Uint8Array(0));
      if (k.addedAt !== -1 || k.ended) throw refused('add_key.key: carries added_at_index or ended; the ledger sets those');
      if (o.keys.some((x) => x.id === k.id)) throw refused('add_key: the key is already a key of org "' + o.id + '"');
      return checked(withOrg(r, { ...o, keys: [...o.keys, { ...k, addedAt: at }] }));
    }
    case 'RetireKey':
    case 'RevokeKey': {
      const revoke = kind === 'RevokeKey';
      const field = revoke ? 'revoke_key' : 'retire_key';
      const c = msg(bytes, kind, { 1: ['org', 'string'], 2: ['publicKey', 'bytes'], 3: ['reason', 'string'] });
      const o = orgOf(r, c.org ?? '', field);
      const id = toBase64(c.publicKey ?? new Uint8Array(0));
      const k = o.keys.find((x) => x.id === id);
      if (!k) throw refused(field + '.public_key: not a key of org "' + o.id + '"');
      if (k.ended && (k.ended.revoked || !revoke)) throw refused(field + '.public_key: the key was already ended');
      // a retired key that turns out leaked is revoked from its retirement on
      const ended = { atIndex: k.ended ? k.ended.atIndex : at, revoked: revoke, reason: c.reason ?? '' };
      return checked(withOrg(r, { ...o, keys: o.keys.map((x) => (x.id === id ? { ...x, ended } : x)) }));
    }
    case 'AddMember': {
      const m = member(bytes);
      if (r.members.some((x) => x.name === m.name)) throw refused('add_member.name: member "' + m.name + '" is already in the group');
      return checked({ ...r, members: [...r.members, m] });
    }
    case 'RemoveMember': {
      const c = msg(bytes, 'RemoveMember', { 1: ['name', 'string'] });
      if (!r.members.some((x) => x.name === c.name)) throw refused('remove_member.name: got "' + c.name + '", want a member');
      return checked({ ...r, members: r.members.filter((x) => x.name !== c.name) });
    }
    case 'SetPolicy':
      return r;
    case 'SetGovernance':
      return checked({ ...r, governance: governance(bytes) });
    default:
      throw refused('unknown change ' + kind);
  }
}

/** The key rules for the submitter of a governance record (OrgRegistry.authorPolicy): registered keys in force. */
function checkAuthors(r, body, signatures) {
  for (const s of signatures) {
    const id = toBase64(s.publicKey);
    const o = r.orgs.find((x) => x.keys.some((k) => k.id === id));
    if (!o) throw refused('its submitter\'s signature key is not registered in the organisation registry');
    const k = o.keys.find((x) => x.id === id);
    if (s === signatures[0] && o.id !== body.authorOrg) {
      throw refused('body.author_org: got "' + body.authorOrg + '", but the first signature\'s key belongs to "' + o.id + '"');
    }
    if (k.ended) throw refused('its submitter\'s key of org "' + o.id + '" was ' + (k.ended.revoked ? 'revoked' : 'retired')
      + ' at index ' + k.ended.atIndex + ' and signs no new record');
    if ((k.notBefore !== null && body.eventTime < k.notBefore) || (k.notAfter !== null && body.eventTime > k.notAfter)) {
      throw refused('its submitter\'s key of org "' + o.id + '" is not valid at the record\'s event time');
    }
  }
}

/** The approvals (GovernanceRule.checkSignatures): distinct governing orgs, keys of their own in force, at least the threshold. */
async function checkApprovals(sp, judging) {
  const g = judging.governance;
  const orgs = [];
  const message = concat(PROPOSAL_DOMAIN, sp.proposalBytes);
  for (let i = 0; i < sp.signatures.length; i++) {
    const s = sp.signatures[i];
    if (!g.orgs.includes(s.org)) {
      throw refused('signatures[' + i + ']: org "' + s.org + '" is not a governing organisation; governing: [' + g.orgs.join(', ') + ']');
    }
    const k = orgOf(judging, s.org, 'signatures[' + i + ']').keys.find((x) => x.id === toBase64(s.publicKey));
    if (!k) throw refused('signatures[' + i + ']: key ' + (await keyId(s.publicKey)) + ' is not a key of org "' + s.org + '"');
    if (k.ended) throw refused('signatures[' + i + ']: key ' + (await keyId(s.publicKey)) + ' of org "' + s.org + '" was ended');
    if (!(await ed25519Verify(s.publicKey, s.signature, message))) {
      throw refused('signatures[' + i + '] by org "' + s.org + '" does not verify over the proposal bytes');
    }
    if (!orgs.includes(s.org)) orgs.push(s.org);
  }
  if (orgs.length < g.threshold) {
    throw refused('signed by ' + orgs.length + ' governing organisation(s) [' + orgs.join(', ') + '], want at least '
      + g.threshold + ' of [' + g.orgs.join(', ') + ']');
  }
}

/** The state after the governance record at `at` (GovernanceRule.judge), or a refusal. */
async function judge(s, body, signatures, at) {
  const genesis = at === 0;
  if (!genesis) checkAuthors(s.registry, body, signatures);
  if (body.subjects.length !== 1 || body.subjects[0] !== SUBJECT) {
    throw refused('body.subjects: got [' + body.subjects + '], want [' + SUBJECT + ']');
  }
  if (body.contentType !== CONTENT_TYPE) throw refused('body.content_type: got "' + body.contentType + '"');
  const sp = signedProposal(body.content);
  if (sp.origin !== s.origin) throw refused('proposal.origin: got "' + sp.origin + '", want "' + s.origin + '"');
  if (body.kind !== KIND_PREFIX + sp.change.kind) {
    throw refused('body.kind: got "' + body.kind + '", want "' + KIND_PREFIX + sp.change.kind + '" for the proposal\'s change');
  }
  if ((sp.change.kind === 'AdoptRegistry') !== (sp.baseIndex === NO_REGISTRY)) {
    throw refused('proposal.base_index: got ' + sp.baseIndex + ' for a ' + sp.change.kind);
  }
  const id = hex(await sha256(sp.proposalBytes));
  if (s.applied.has(id)) throw refused('proposal ' + id + ' was already applied; a proposal applies once');
  if (sp.baseIndex !== s.version) {
    throw refused('proposal.base_index: got ' + sp.baseIndex + ', want ' + s.version + ', the index of the registry in force');
  }
  const adoption = sp.change.kind === 'AdoptRegistry';
  if (genesis !== adoption) throw refused('index 0 is the genesis entry, the one adoption of a registry');
  const judging = adoption ? registry(sp.change.bytes) : s.registry;
  await checkApprovals(sp, judging);
  const next = adoption ? judging : applyChange(s.registry, sp.change.kind, sp.change.bytes, at);
  return { ...s, registry: next, version: at, applied: new Set([...s.applied, id]) };
}

function governanceBody(bytes) {
  const b = msg(bytes, 'RecordBody', {
    1: ['origin', 'string'], 2: ['kind', 'string'], 3: ['subjects', 'string', true], 4: ['eventTime', 'int64'],
    5: ['authorOrg', 'string'], 7: ['contentType', 'string'], 8: ['content', 'bytes'],
  });
  return {
    origin: b.origin ?? '', kind: b.kind ?? '', subjects: b.subjects, eventTime: b.eventTime ?? 0,
    authorOrg: b.authorOrg ?? '', contentType: b.contentType ?? '', content: b.content ?? new Uint8Array(0),
  };
}

/**
 * Follows the registry from entry 0 to the tree of the (not yet verified) checkpoint `tree`
 * ({size, root}), over `items` (the proofs bundle's "governance": [{index, leaf, inclusionProof}]).
 * With `rootId` (a genesis trust root from the code), entry 0 must hash to it; without, the
 * registry is followed for its revocations only. Returns {id, origin, registry, version,
 * trust: {origin, threshold, keys} of who signs the checkpoint, revoked: Map(base64 key -> text),
 * chain: Map(index -> base64 leaf hash) of the governance entries followed, head: the last of them}.
 * Throws a CheckFailure naming the first check that failed ('trust', 'inclusion', 'author', 'registry').
 */
export async function followRegistry(items, tree, rootId) {
  if (!Array.isArray(items) || items.length === 0 || items[0].index !== 0) {
    throw new CheckFailure('trust', 'the node serves no genesis entry (entry 0) for this ledger');
  }
  const first = fromBase64(items[0].leaf, 'governance entry 0');
  const record0 = decodeSignedRecord(decodeLogEntry(first).signedRecord);
  const origin = governanceBody(record0.body).origin;
  const id = await genesisRootId(origin, await leafHash(first));
  if (rootId !== undefined && id !== rootId) {
    throw new CheckFailure('trust', 'the genesis entry this node serves hashes to ' + id + ', the code names ' + rootId);
  }
  const appender = { name: governanceBody(record0.body).authorOrg, publicKey: record0.signatures[0]?.publicKey };
  // Each entry's own checks (leaf hash, inclusion, record signatures) do not depend on the others:
  // run together; the first failure in log order is the one reported.
  let last = -1;
  for (const item of items) {
    if (!Number.isSafeInteger(item.index) || item.index <= last || item.index >= tree.size) {
      throw refused('governance entry ' + item.index + ' is out of order or beyond the checkpoint\'s tree of size ' + tree.size);
    }
    last = item.index;
  }
  const own = await Promise.allSettled(items.map(async (item) => {
    const at = item.index;
    const leaf = fromBase64(item.leaf, 'governance entry ' + at);
    const hash = await leafHash(leaf);
    await verifyInclusion(at, tree.size, hash, (item.inclusionProof || []).map((h) => fromBase64(h, 'inclusion proof')), tree.root);
    const entry = decodeLogEntry(leaf);
    if (entry.index !== at) throw new CheckFailure('entry', 'entry ' + at + ' says it is entry ' + entry.index);
    const record = decodeSignedRecord(entry.signedRecord);
    await verifyRecordSignatures(at, record);
    return { at, hash, entry, record };
  }));
  let s = { origin, registry: null, version: NO_REGISTRY, applied: new Set() };
  let previous = null;
  const chain = new Map(); // index -> base64 leaf hash of every governance entry followed
  for (const c of own) {
    if (c.status === 'rejected') throw c.reason;
    const { at, hash, entry, record } = c.value;
    const link = entry.links.find((l) => l.subject === SUBJECT);
    const linked = link && link.previousLeafHash && link.previousLeafHash.length ? link.previousLeafHash : null;
    if (previous === null ? linked !== null : !(linked && equal(linked, previous))) {
      throw refused('governance entry ' + at + ' follows governance entry ' + (linked ? hex(linked).slice(0, 16) + '…' : 'none')
        + ', want ' + (previous ? hex(previous).slice(0, 16) + '…' : 'none (the first)')
        + ': the node left out a governance entry between them');
    }
    previous = hash;
    chain.set(at, toBase64(hash));
    const body = governanceBody(record.body);
    if (body.origin !== origin) throw new CheckFailure('entry', 'entry ' + at + ' is a record for "' + body.origin + '", not this ledger');
    if (!body.kind.startsWith(KIND_PREFIX)) continue; // another record about the registry's subject: not a change
    try {
      s = await judge(s, body, record.signatures, at);
    } catch (e) {
      if (e instanceof CheckFailure && e.check === 'registry') {
        throw refused('governance entry ' + at + ' (' + body.kind + ') is not a change the registry in force approves: '
          + e.detail);
      }
      throw e;
    }
  }
  if (s.registry === null) throw refused('entry 0 adopts no registry');
  return { id, origin, registry: s.registry, version: s.version, trust: await signersOf(s.registry, origin, appender),
    revoked: await revocations(s.registry), chain, head: { index: last, leafHash: chain.get(last) } };
}

/** Who signs the checkpoint (GenesisRoot.checkpointSigners): the members, a majority; without members the genesis appender. */
async function signersOf(r, origin, appender) {
  const keys = [];
  if (r.members.length === 0) {
    if (!appender.publicKey || appender.publicKey.length !== 32) throw refused('entry 0 is not signed by a member node');
    const text = appender.name + '+' + hex((await sha256(concat(utf8(appender.name + '\n'), Uint8Array.of(1),
      appender.publicKey))).slice(0, 4)) + '+' + toBase64(concat(Uint8Array.of(1), appender.publicKey));
    keys.push(await parseVerifierKey(text));
    return { origin, threshold: 1, keys };
  }
  for (const m of r.members) {
    let k;
    try {
      k = await parseVerifierKey(m.verifierKey);
    } catch (e) {
      throw refused('member "' + m.name + '": ' + (e.detail || e));
    }
    if (k.name !== m.name) throw refused('member "' + m.name + '": its verifier key names "' + k.name + '"');
    keys.push(k);
  }
  return { origin, threshold: Math.floor(keys.length / 2) + 1, keys };
}

/** For each revoked key: "signed by key K of org O, a key revoked at index N (reason)" (RegistryEvidence.revokedSigners). */
async function revocations(r) {
  const out = new Map();
  for (const o of r.orgs) {
    for (const k of o.keys) {
      if (k.ended && k.ended.revoked) {
        out.set(k.id, 'signed by key ' + (await keyId(k.publicKey)) + ' of org ' + o.id + ', a key revoked at index '
          + k.ended.atIndex + ' (' + k.ended.reason + ')');
      }
    }
  }
  return out;
}
