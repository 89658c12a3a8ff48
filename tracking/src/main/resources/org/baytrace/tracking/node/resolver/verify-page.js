// BayTrace page verification on the phone: the page's part. Reads the trust root from the link
// (?trustRoot=, ledger README "Trust root"): a key set's (v1), if the node's key set hashes to it,
// else a genesis root (v2), from which it follows the registry to today's signers
// (verify-registry.js). Fetches the proofs of every event the page shows in one request, with the
// registry's governance entries, verifies them (verify-proofs.js), checks the revoked-key tags, checks
// and renders the page's facts from the verified records, remembers the newest verified checkpoint
// per ledger for the next visit, and says what it found in #phone-check. Only then does the page
// say "verified on this phone"; any failure names the check that failed.

import { canVerify, checkTrustRoot, checkpointTree, keySetRoot } from './verify-signatures.js';
import { followRegistry } from './verify-registry.js';
import { verifyBundle } from './verify-proofs.js';
import { CheckFailure, fromBase64, toBase64 } from './verify-bytes.js';
import { language, messages } from './verify-messages.js';

const TRUST_ROOT_PARAM = 'trustRoot';
const STORE_PREFIX = 'baytrace.checkpoint.';

async function fetchJson(url, check) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new CheckFailure('network', 'cannot reach the node (' + e.message + ')');
  }
  if (!response.ok) throw new CheckFailure(check, 'the node answered ' + response.status + ' for ' + url.split('?')[0]);
  try {
    return await response.json();
  } catch (e) {
    throw new CheckFailure(check, 'the node sent something other than JSON');
  }
}

function remembered(trustId) {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_PREFIX + trustId) || 'null');
    if (saved && Number.isSafeInteger(saved.size) && saved.size > 0 && typeof saved.root === 'string') {
      const g = saved.governance;
      const governance = g && Number.isSafeInteger(g.index) && typeof g.leafHash === 'string' ? g : null;
      return { size: saved.size, root: fromBase64(saved.root, 'remembered root'), governance };
    }
  } catch (e) {
    // storage off (private mode) or unreadable: no earlier visit to compare with
  }
  return null;
}

function remember(trustId, checkpoint, registry) {
  try {
    localStorage.setItem(STORE_PREFIX + trustId, JSON.stringify({ size: checkpoint.size, root: toBase64(checkpoint.root),
      governance: registry ? registry.head : null }));
  } catch (e) {
    // storage off: the next visit cannot compare, and says nothing about it
  }
}

// ---- the page's facts, checked against the verified record and rendered from it ----

function offsetMinutes(offset, eventTime) {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset || '') || /([+-])(\d\d):(\d\d)$/.exec(eventTime || '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function gs1CheckDigit(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

/** How the page names a place: a GLN (SGLN EPC URI or Digital Link /414/) as "GLN" and its 13 digits. */
function placeDisplay(id) {
  let m = /^urn:epc:id:sgln:(\d+)\.(\d*)\.(.*)$/.exec(id);
  if (m && m[1].length + m[2].length === 12) {
    const gln = m[1] + m[2] + gs1CheckDigit(m[1] + m[2]);
    return 'GLN ' + gln + (m[3] === '0' || m[3] === '' ? '' : ' · ' + m[3]);
  }
  m = /\/414\/(\d{13})(?:\/254\/([^/?#]+))?/.exec(id);
  if (m) return 'GLN ' + m[1] + (m[2] ? ' · ' + decodeURIComponent(m[2]) : '');
  return id.length <= 200 ? id : id.slice(0, 199) + '…';
}

const celsius = (c) => c.toFixed(1);

function checkFacts(li, index, facts, failures) {
  const differs = (what, shown, recorded) => {
    failures.push({ check: 'facts', detail: 'entry ' + index + ': the page shows ' + what + ' "' + shown
      + '", the record says "' + recorded + '"' });
    li.classList.add('phone-corrected');
  };
  for (const [attr, what, recorded] of [['data-biz-step', 'business step', facts.bizStep],
    ['data-disposition', 'disposition', facts.disposition]]) {
    const shown = li.getAttribute(attr);
    if ((shown || null) !== (recorded || null)) {
      differs(what, shown || '-', recorded || '-');
      if (recorded) li.setAttribute(attr, recorded);
      else li.removeAttribute(attr);
    }
  }
  const time = li.querySelector('time[datetime]');
  if (time && facts.timeMillis !== null) {
    const local = new Date(facts.timeMillis + offsetMinutes(facts.offset, facts.eventTime) * 60000).toISOString();
    const hhmm = local.slice(11, 16);
    const year = local.slice(0, 4);
    const text = time.textContent;
    if (Date.parse(time.getAttribute('datetime')) !== facts.timeMillis || !text.includes(hhmm) || !text.includes(year)) {
      differs('time', time.getAttribute('datetime') + ' / ' + text, facts.eventTime);
      time.setAttribute('datetime', facts.eventTime);
      time.textContent = facts.eventTime;
    }
  }
  const place = li.querySelector('.place');
  if (facts.place === null) {
    if (place) {
      differs('place', place.title, '-');
      place.remove();
    }
  } else {
    const display = placeDisplay(facts.place);
    if (!place || place.title !== facts.place || !place.textContent.endsWith(display)) {
      differs('place', place ? place.title + ' / ' + place.textContent : '-', facts.place);
      if (place) {
        const text = place.textContent;
        const cut = Math.max(text.indexOf(': '), text.indexOf('：'));
        place.textContent = (cut >= 0 ? text.slice(0, cut + (text[cut] === '：' ? 1 : 2)) : '') + display;
        place.title = facts.place;
      }
    }
  }
  const temp = li.querySelector('.tag.temp');
  const t = facts.temperatures;
  const shownNumbers = temp ? (temp.textContent.match(/-?\d+(?:\.\d+)?/g) || []).map(Number) : [];
  const close = (a, b) => Math.abs(a - b) <= 0.051;
  const ok = t === null ? !temp
    : shownNumbers.length > 0 && close(shownNumbers[0], t.min) && close(shownNumbers[shownNumbers.length - 1], t.max);
  if (!ok) {
    const recorded = t === null ? '-' : celsius(t.min) + (t.min === t.max ? '' : '–' + celsius(t.max)) + ' °C';
    differs('temperature', temp ? temp.textContent : '-', recorded);
    if (temp && t) temp.textContent = recorded;
    else if (temp) temp.remove();
  }
}

/** The revoked-key tag of a step against the revocations this phone followed; corrects the page where they differ. */
function checkRevoked(li, index, signers, revoked, msg, failures) {
  const expected = signers.map((k) => revoked.get(k)).filter(Boolean).join('; ');
  const tag = li.querySelector('.tag.revoked-key');
  const shown = tag ? tag.title : '';
  if (shown === expected) return;
  failures.push({ check: 'revocation', detail: 'entry ' + index + ': the page says "' + (shown || 'no key revoked')
    + '", the registry this phone followed says "' + (expected || 'no key revoked') + '"' });
  li.classList.add('phone-corrected');
  if (!expected) {
    tag.remove();
    return;
  }
  let t = tag;
  if (!t) {
    t = document.createElement('span');
    t.className = 'tag fail revoked-key';
    t.textContent = msg.text('revokedTag');
    let tags = li.querySelector('.tags');
    if (!tags) {
      tags = document.createElement('div');
      tags.className = 'tags';
      li.appendChild(tags);
    }
    tags.appendChild(t);
  }
  t.title = expected;
}

/**
 * Who signs the checkpoint, from the code's root: the node's key set if it hashes to the root (a
 * key-set code), else the registry followed from the genesis the root names. Also the registry
 * this phone followed (null if the ledger has no genesis), and failures of following it that do
 * not decide who signs.
 */
async function trustFor(rootId, keySet, bundle) {
  const tree = checkpointTree(bundle.checkpoint);
  if (keySet.id === rootId) {
    const trust = await checkTrustRoot({ origin: keySet.origin, threshold: keySet.threshold, keys: keySet.keyTexts }, rootId);
    const governance = bundle.governance || [];
    if (governance.length === 0 || governance[0].index !== 0) return { trust, registry: null, failures: [] };
    try {
      return { trust, registry: await followRegistry(governance, tree, undefined), failures: [] };
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      return { trust, registry: null, failures: [{ check: e.check, detail: e.detail }] };
    }
  }
  let registry;
  try {
    registry = await followRegistry(bundle.governance, tree, rootId);
  } catch (e) {
    if (e instanceof CheckFailure && e.check === 'trust' && !(bundle.governance || []).length) {
      // a ledger without a genesis: the code can only name a key set, and these keys are not it
      throw new CheckFailure('trust', 'the keys this node offers hash to ' + keySet.id + ', the code names ' + rootId
        + '; it serves no genesis entry (entry 0) to follow either');
    }
    throw e;
  }
  return { trust: { ...registry.trust, id: rootId }, registry, failures: [] };
}

// ---- what the section says ----

function show(section, msg, state, title, detail, failures) {
  section.setAttribute('data-state', state);
  section.classList.remove('pending');
  section.classList.add(state === 'verified' ? 'ok' : state === 'failed' ? 'bad' : 'warn');
  section.querySelector('.mark').textContent = title;
  section.querySelector('.detail').textContent = detail;
  const list = section.querySelector('.failures');
  list.textContent = '';
  const checks = [];
  for (const f of failures || []) {
    const li = document.createElement('li');
    li.setAttribute('data-check', f.check);
    li.textContent = msg.check(f.check) + ': ' + f.detail;
    list.appendChild(li);
    if (!checks.includes(f.check)) checks.push(f.check);
  }
  section.setAttribute('data-failed-checks', checks.join(' '));
}

async function run(section) {
  const started = performance.now();
  const params = new URLSearchParams(location.search);
  const lang = language(document.documentElement.lang, params.get('lang'), navigator.languages);
  const msg = messages(lang);
  section.lang = lang === 'en' ? 'en' : lang;
  const finish = (state, title, detail, failures) => {
    show(section, msg, state, title, detail, failures);
    section.setAttribute('data-verify-ms', (performance.now() - started).toFixed(1));
  };
  const rootId = params.get(TRUST_ROOT_PARAM);
  if (!rootId) return finish('no-root', msg.text('noRoot'), msg.text('noRootDetail'));
  if (!(await canVerify())) return finish('unsupported', msg.text('unsupported'), msg.text('unsupportedDetail'));
  const events = Array.from(document.querySelectorAll('li.event[data-ledger-index]'));
  const eventIndexes = new Set(events.map((li) => Number(li.getAttribute('data-ledger-index'))));
  // the other records the page uses (legs, cold-chain records): proved and signed, no EPCIS facts
  const recordOnly = new Set(Array.from(document.querySelectorAll('[data-record-index]'))
    .map((e) => Number(e.getAttribute('data-record-index'))).filter((i) => !eventIndexes.has(i)));
  const indexes = [...eventIndexes, ...recordOnly];
  if (indexes.length === 0 || indexes.some((i) => !Number.isSafeInteger(i) || i < 0)) {
    return finish('failed', msg.text('failed'), msg.text('nothing'), indexes.length ? [{ check: 'entry', detail: 'the page names no valid entry' }] : []);
  }
  let trust;
  let bundle;
  let before;
  let registry;
  const failures = [];
  try {
    const keySet = await keySetRoot(await fetchJson(section.getAttribute('data-trust-root-url'), 'trust'));
    before = remembered(rootId);
    const url = section.getAttribute('data-proofs-url') + '?indexes=' + indexes.join(',')
      + (before ? '&from=' + before.size : '') + '&governance=true';
    bundle = await fetchJson(url, 'network');
    const followed = await trustFor(rootId, keySet, bundle);
    trust = followed.trust;
    registry = followed.registry;
    failures.push(...followed.failures);
  } catch (e) {
    const f = e instanceof CheckFailure ? e : new CheckFailure('network', String(e));
    return finish('failed', msg.text('failed'), msg.text('failedDetail'), [{ check: f.check, detail: f.detail }]);
  }
  const result = await verifyBundle(bundle, indexes, trust, before, recordOnly);
  failures.push(...result.failures);
  const seen = before && before.governance;
  if (seen && registry && result.checkpoint && seen.index < result.checkpoint.size
      && registry.chain.get(seen.index) !== seen.leafHash) {
    // the hash chain shows no gap between served entries; what this phone followed before shows a withheld newest one
    failures.push({ check: 'registry', detail: 'the node no longer serves governance entry ' + seen.index
      + ', which this phone followed on an earlier visit: it withholds registry changes' });
  }
  for (const index of recordOnly) {
    const r = result.entries.get(index);
    if (r) failures.push(...r.failures);
  }
  for (const li of events) {
    const index = Number(li.getAttribute('data-ledger-index'));
    const r = result.entries.get(index);
    if (!r) continue;
    if (r.failures.length) li.classList.add('phone-failed');
    failures.push(...r.failures);
    if (r.facts) checkFacts(li, index, r.facts, failures);
    if (registry && r.signers) checkRevoked(li, index, r.signers, registry.revoked, msg, failures);
  }
  if (failures.length === 0) {
    if (!before || result.checkpoint.size >= before.size) remember(trust.id, result.checkpoint, registry);
    return finish('verified', msg.text('verified'), msg.text('verifiedDetail', {
      n: indexes.length, size: result.checkpoint.size, k: result.checkpoint.signers.length, m: trust.keys.length,
    }));
  }
  const historyChanged = failures.some((f) => f.check === 'consistency');
  return finish('failed', msg.text('failed'),
    (historyChanged ? msg.text('historyWarning') + ' ' : '') + msg.text('failedDetail'), failures);
}

const section = document.getElementById('phone-check');
if (section) {
  run(section).catch((e) => {
    section.setAttribute('data-state', 'failed');
    section.setAttribute('data-failed-checks', 'script');
    section.querySelector('.detail').textContent = 'verification stopped: ' + e;
  });
}
