// BayTrace page verification: RFC 9162 Merkle tree hashing and proofs (DESIGN §3.2).
// leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right); inclusion proofs
// per RFC 9162 §2.1.3.2, consistency proofs per §2.1.4.2. Sizes and indexes are JavaScript
// numbers, so trees up to 2^53 entries; halving uses division, not 32-bit shifts.

import { CheckFailure, concat, equal, hex, sha256 } from './verify-bytes.js';

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export function leafHash(leaf) {
  return sha256(concat(LEAF, leaf));
}

export function nodeHash(left, right) {
  return sha256(concat(NODE, left, right));
}

function checkSize(name, value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CheckFailure('inclusion', name + ': got ' + value + ', want an integer 0 <= ' + name + ' < 2^53');
  }
}

function checkHashes(check, hashes) {
  if (!Array.isArray(hashes)) throw new CheckFailure(check, 'proof: not a list of hashes');
  for (const h of hashes) {
    if (!(h instanceof Uint8Array) || h.length !== 32) throw new CheckFailure(check, 'proof: a hash is not 32 bytes');
  }
}

const odd = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);

function powerOfTwo(n) {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

/** The root an inclusion proof leads to from a leaf hash; throws if the proof has the wrong shape. */
export async function rootFromInclusion(index, size, leafHashBytes, proof) {
  checkSize('index', index);
  checkSize('size', size);
  checkHashes('inclusion', [leafHashBytes]);
  checkHashes('inclusion', proof);
  if (index >= size) throw new CheckFailure('inclusion', 'index ' + index + ' is not below the tree size ' + size);
  let fn = index;
  let sn = size - 1;
  let r = leafHashBytes;
  for (const p of proof) {
    if (sn === 0) throw new CheckFailure('inclusion', 'proof for entry ' + index + ' is longer than a tree of ' + size + ' needs');
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new CheckFailure('inclusion', 'proof for entry ' + index + ' is shorter than a tree of ' + size + ' needs');
  return r;
}

/** Throws unless the proof shows the leaf at `index` in the tree of `size` with `root`. */
export async function verifyInclusion(index, size, leafHashBytes, proof, root) {
  const computed = await rootFromInclusion(index, size, leafHashBytes, proof);
  if (!equal(computed, root)) {
    throw new CheckFailure('inclusion', 'entry ' + index + ': the proof leads to root ' + hex(computed).slice(0, 16)
      + '…, the checkpoint says ' + hex(root).slice(0, 16) + '…');
  }
}

/** Throws unless the proof shows the tree (size1, root1) is a prefix of the tree (size2, root2). */
export async function verifyConsistency(size1, size2, root1, root2, proof) {
  const fail = (why) => new CheckFailure('consistency', why);
  for (const [n, v] of [['size1', size1], ['size2', size2]]) {
    if (!Number.isSafeInteger(v) || v < 0) throw fail(n + ': got ' + v + ', want an integer below 2^53');
  }
  if (size2 < size1) throw fail('tree size ' + size2 + ' is smaller than the earlier ' + size1);
  if (size1 === 0) throw fail('a proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (!Array.isArray(proof) || proof.length !== 0) throw fail('proof between equal sizes is not empty');
    if (!equal(root1, root2)) throw fail('two different roots for tree size ' + size1);
    return;
  }
  checkHashes('consistency', [root1, root2]);
  checkHashes('consistency', proof);
  if (proof.length === 0) throw fail('empty proof from ' + size1 + ' to ' + size2);
  let path = proof;
  // size1 a power of two: its root is a node of the larger tree, and the path starts there
  if (powerOfTwo(size1)) path = [root1, ...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) throw fail('proof from ' + size1 + ' to ' + size2 + ' is too long');
    if (odd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw fail('proof from ' + size1 + ' to ' + size2 + ' is too short');
  if (!equal(fr, root1)) throw fail('the proof does not lead to the root this phone verified for tree size ' + size1);
  if (!equal(sr, root2)) throw fail('the proof does not lead to the root of tree size ' + size2);
}
