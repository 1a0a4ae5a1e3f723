package io.contactkit.domain;

/**
 * The syntax check behind {@code emailaddress} normalization: a dot-atom local part (RFC 5322 atext,
 * plus letters beyond ASCII for internationalized addresses), {@code @}, and a host name of at least
 * two labels. Quoted local parts and address literals are not accepted: no contact provider stores them.
 */
final class EmailSyntax {

    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

    private EmailSyntax() {
    }

    /** Null when {@code address} is valid, else what is wrong with it. */
    static String problem(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "no '@'";
        }
        if (address.indexOf('@') != at) {
            return "more than one '@'";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()) {
            return "nothing before '@'";
        }
        if (local.length() > 64) {
            return "the part before '@' is longer than 64 characters";
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "misplaced '.' before '@'";
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(c == '.' || Character.isLetterOrDigit(c) || ATEXT_SYMBOLS.indexOf(c) >= 0)) {
                return "character '" + c + "' is not allowed before '@'";
            }
        }
        return domainProblem(domain);
    }

    private static String domainProblem(String domain) {
        if (domain.isEmpty()) {
            return "nothing after '@'";
        }
        if (domain.length() > 253) {
            return "the domain is longer than 253 characters";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "the domain has no '.'";
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return "misplaced '.' in the domain";
            }
            if (label.length() > 63) {
                return "a domain label is longer than 63 characters";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "a domain label starts or ends with '-'";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c == '-' || Character.isLetterOrDigit(c))) {
                    return "character '" + c + "' is not allowed in the domain";
                }
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.chars().allMatch(Character::isDigit)) {
            return "the top-level domain is numeric";
        }
        return null;
    }
}
