// Runs the page's own checkpoint code (served by the node) over cases the test signed in Java:
// each case is a trust root (origin, threshold, keys, id) and a note; it must verify with the
// named signers, or fail with a message containing `wantError`.
import { checkTrustRoot, verifyCheckpoint } from '/v1/resolver/assets/verify-signatures.js';

const cases = await (await fetch('checkpoint-cases.json')).json();
const results = [];
for (const c of cases) {
  let outcome;
  try {
    const trust = await checkTrustRoot(c.trust, c.trust.id);
    const checked = await verifyCheckpoint(c.note, trust);
    outcome = { name: c.name, signers: checked.signers.sort(), size: checked.size };
  } catch (e) {
    outcome = { name: c.name, error: e.message };
  }
  results.push(outcome);
}
document.body.setAttribute('data-result', JSON.stringify(results));
