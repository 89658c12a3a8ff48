/**
 * How a node serves EPCIS queries ({@code domain.epcis.query}): {@link
 * org.baytrace.tracking.node.epcis.query.EpcisQueries} opens the projection and answers queries
 * and trace histories; {@code EventsResource} is {@code GET /events} of the EPCIS REST binding,
 * {@code EpcisQueryGrpcService} the gRPC {@code baytrace.tracking.v1.EpcisQueryService}, and
 * {@code QueryProblemMapper} turns query errors into RFC 7807 problem JSON.
 *
 * <p>Thread-safety: {@code EpcisQueries} and the services are thread-safe.
 */
package org.baytrace.tracking.node.epcis.query;
