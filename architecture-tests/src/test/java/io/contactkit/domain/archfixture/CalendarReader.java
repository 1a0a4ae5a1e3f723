package io.contactkit.domain.archfixture;

/** Deliberately impure: Calendar.getInstance() reads the clock. */
public class CalendarReader {
    public Object now() {
        return java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
    }
}
