/**
 * The gRPC ledger service and the mapping of ledger errors to gRPC status codes with
 * google.rpc.ErrorInfo details. Thread-safe.
 */
package org.baytrace.tracking.node.grpc;
