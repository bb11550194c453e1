package org.ayni.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One entry of a member's status history; entries are only ever added. */
public record MemberStatusChange(
    MemberStatus status,
    LocalDate effectiveOn,
    String reason,
    OffsetDateTime recordedAt,
    String recordedBy) {}
