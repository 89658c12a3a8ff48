/**
 * Codes and checks that every domain profile shares, in one place: ISO 6346 container numbers
 * and size/type codes, UN/LOCODEs, the subject conventions of domain records ({@code Subjects}),
 * strict reading of protobuf record content ({@code ProtoContent}), field checks and the one
 * refusal {@code INVALID_FIELD field: got X, want Y} ({@code Fields}), and how a client's value
 * is shown in a message ({@code Quoted}). It imports no profile.
 *
 * <p>Stateless; every type is immutable.
 */
package org.baytrace.tracking.domain.common;
