/** Assembles and runs one BayTrace node. Thread-safe. */
package org.baytrace.tracking.node;
