package io.contactkit.ports;

/** How a provider pages its lists. */
public enum PagingStyle {
    /** An opaque token returned with each page (Bird's {@code nextPageToken}, the in-memory provider). */
    TOKEN,
    /** An opaque cursor, null at the end (Bridge's Contacts API). */
    CURSOR,
    /** Page numbers with a total page count (Bridge's older inbound API). */
    PAGE_NUMBER
}
