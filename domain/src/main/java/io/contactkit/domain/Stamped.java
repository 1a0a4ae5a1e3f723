package io.contactkit.domain;

/**
 * A value and the number of the command that wrote it; a {@code null} value records a removal, so a
 * later merge knows the removal is newer than an older value held by another contact.
 */
record Stamped(AttributeValue value, long stamp) {
}
