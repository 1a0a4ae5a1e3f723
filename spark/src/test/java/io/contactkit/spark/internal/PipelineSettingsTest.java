package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.spark.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** contactkit's whole-number Spark settings: the default when unset, the value when set, a typed error naming the setting else. */
class PipelineSettingsTest {

    private static final String NAME = "spark.contactkit.settingsTest";

    private final SparkSession spark = LocalSpark.session();

    @Test
    void aSettingIsReadOrDefaultsAndABadOneIsNamed() {
        try {
            assertEquals(7L, Pipeline.setting(spark, NAME, 7L));
            spark.conf().set(NAME, " 2000000 ");
            assertEquals(2_000_000L, Pipeline.setting(spark, NAME, 7L));
            spark.conf().set(NAME, "2e6");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipeline.setting(spark, NAME, 7L));
            assertTrue(e.getMessage().contains(NAME) && e.getMessage().contains("'2e6'"), e.getMessage());
        } finally {
            spark.conf().unset(NAME);
        }
    }
}
