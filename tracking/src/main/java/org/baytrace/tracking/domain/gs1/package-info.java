/**
 * GS1 identifiers as BayTrace trace codes (DESIGN §6): check digits ({@link
 * org.baytrace.tracking.domain.gs1.CheckDigit}), GTINs ({@link org.baytrace.tracking.domain.gs1.Gtin}), GS1
 * Digital Link URIs ({@link org.baytrace.tracking.domain.gs1.DigitalLink}) and their compressed form
 * ({@link org.baytrace.tracking.domain.gs1.DigitalLinkCompression}), EPC URIs ({@link
 * org.baytrace.tracking.domain.gs1.EpcUris}) and the {@link org.baytrace.tracking.domain.gs1.TraceCode} a QR code
 * stands for, with conversion between the Digital Link and EPC URI forms ({@link
 * org.baytrace.tracking.domain.gs1.CompanyPrefixLookup} supplies company prefix lengths). Malformed input
 * is rejected with an {@link org.baytrace.tracking.domain.gs1.InvalidTraceCodeException} whose message
 * names the input and the reason.
 *
 * <p>Pure code, no I/O. All types are immutable or stateless, and thread-safe.
 */
package org.baytrace.tracking.domain.gs1;
