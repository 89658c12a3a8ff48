/**
 * Trace-code conversion between GS1 Digital Links and EPC URIs over HTTP, with company-prefix
 * lengths from the organisation registry. Thread-safe.
 */
package org.baytrace.tracking.node.tracecodes;
