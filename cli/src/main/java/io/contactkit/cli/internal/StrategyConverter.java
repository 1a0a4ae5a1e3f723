package io.contactkit.cli.internal;

import io.contactkit.domain.Strategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --strategy}: {@code strict_alias}, {@code first_alias}, {@code first} or {@code merge}. */
public final class StrategyConverter implements ITypeConverter<Strategy> {

    @Override
    public Strategy convert(String value) {
        return Strategy.parse(value).orElseThrow(() -> new TypeConversionException(
                "unknown strategy '" + Field.abbreviate(value) + "': use strict_alias, first_alias, first or merge"));
    }
}
