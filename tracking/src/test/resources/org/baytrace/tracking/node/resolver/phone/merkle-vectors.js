// Runs the page's own Merkle code (served by the node) over the transparency-dev/merkle vectors
// the test put in vectors.json: each must verify, or fail when it wants an error.
import { leafHash, verifyConsistency, verifyInclusion } from '/v1/resolver/assets/verify-merkle.js';
import { fromBase64, toBase64 } from '/v1/resolver/assets/verify-bytes.js';

const bytes = (s) => fromBase64(s || '', 'vector');
const vectors = await (await fetch('vectors.json')).json();
const wrong = [];
let passed = 0;
for (const v of vectors) {
  let error = null;
  try {
    if (v.kind === 'inclusion') {
      await verifyInclusion(v.leafIdx, v.treeSize, bytes(v.leafHash), (v.proof || []).map(bytes), bytes(v.root));
    } else {
      await verifyConsistency(v.size1, v.size2, bytes(v.root1), bytes(v.root2), (v.proof || []).map(bytes));
    }
  } catch (e) {
    error = e;
  }
  if ((error !== null) === v.wantErr) passed++;
  else wrong.push(v.name + ': ' + (error ? error.message : 'accepted'));
}
// RFC 6962 empty-leaf known answer: SHA-256(0x00) = 6e340b9c…
const emptyLeaf = toBase64(await leafHash(new Uint8Array(0)));
document.body.setAttribute('data-result', JSON.stringify({ total: vectors.length, passed, wrong, emptyLeaf }));
