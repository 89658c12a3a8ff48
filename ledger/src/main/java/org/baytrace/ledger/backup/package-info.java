/**
 * Backups of a node's ledger and their restore (issue 16, docs/OPERATIONS.md): a backup
 * directory is a consistent copy of the store with the signed checkpoint of exactly the tree it
 * holds; a restored data directory carries a {@link org.baytrace.ledger.backup.RestoredMarker}
 * until the operator confirms what the node published after the backup, because the node must
 * never sign a second history past it. Stateless helpers over files; not for concurrent use on
 * the same directory.
 */
package org.baytrace.ledger.backup;
