/**
 * A node's configuration (DESIGN §1, §8): the TOML file an operator writes, read and validated
 * by {@link org.baytrace.config.NodeConfig#load} with messages that name the file and the key;
 * defaults for an embedded single node ({@link org.baytrace.config.NodeConfig#defaults});
 * cluster peers; the organisation registry (genesis) and the author policy it implies
 * ({@link org.baytrace.ledger.registry.OrgRegistry}); the node's own key on disk
 * ({@link org.baytrace.config.NodeKeys}).
 *
 * <p>Thread-safety: every value type here is immutable and thread-safe; the static loaders are
 * stateless. {@link org.baytrace.config.NodeKeys#loadOrGenerate} touches the file system and is
 * meant to be called once at start.
 */
package org.baytrace.config;
