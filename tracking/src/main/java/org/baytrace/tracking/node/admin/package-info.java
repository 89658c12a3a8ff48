/**
 * Operating a node: Prometheus metrics ({@code GET /metrics}), liveness ({@code GET /healthz})
 * and readiness ({@code GET /readyz}) on the admin listener ({@code [admin] listen}, loopback
 * only), the append and HTTP instrumentation that feeds them, and the background scrub. Every
 * type here is thread-safe.
 */
package org.baytrace.tracking.node.admin;
