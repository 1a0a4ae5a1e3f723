package io.contactkit.api.archfixture;

/** Deliberately wrong: the facade depending on a wire-format library. */
public class FacadeUsingJackson {
    public tools.jackson.databind.ObjectMapper mapper;
}
