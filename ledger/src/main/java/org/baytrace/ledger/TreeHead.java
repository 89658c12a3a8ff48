package org.baytrace.ledger;

import org.baytrace.ledger.crypto.Hash32;

/** Size and root of the tree at one moment. Immutable. */
public record TreeHead(long size, Hash32 root) {}
