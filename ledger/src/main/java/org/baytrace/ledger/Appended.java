package org.baytrace.ledger;

import org.baytrace.ledger.crypto.Hash32;

/** Where a record landed: its index and leaf hash, and whether it was already there. */
public record Appended(long index, Hash32 leafHash, boolean duplicate) {}
