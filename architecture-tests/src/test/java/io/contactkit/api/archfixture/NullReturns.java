package io.contactkit.api.archfixture;

import org.jspecify.annotations.Nullable;

/** Public methods that hand out null: literally, through a local variable, a branch, a @Nullable field or method. */
public class NullReturns {

    private @Nullable String cached;

    public String literal() {
        return null;
    }

    public String throughABranch(boolean found) {
        String answer = found ? "x" : null;
        return answer;
    }

    public Object fromANullableField() {
        return cached;
    }

    public CharSequence fromANullableMethod() {
        return (CharSequence) MarkedNulls.maybe(false);
    }
}
