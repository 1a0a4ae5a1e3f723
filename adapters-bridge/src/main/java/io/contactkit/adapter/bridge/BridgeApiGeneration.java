package io.contactkit.adapter.bridge;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Which of Bridge's two documented API generations a client talks to. */
public enum BridgeApiGeneration {

    /**
     * The newer Contacts API ({@code /bridge/api/v1/...}, {@code x-api-key}): cellphone upsert, get and
     * update by id, cursor-paged list, custom-attribute settings, {@code type} NORMAL/PARTIAL.
     */
    CONNECT("connect", "https://api-connect-us.bridge.new"),

    /**
     * The older inbound CRUD API ({@code /v1/...}, {@code X-API-Key} plus an HMAC-SHA256 request
     * signature): create, update, delete and the page-numbered list.
     */
    LEGACY("legacy", "https://api.bridge.new");

    private final String settingName;
    private final String defaultBaseUrl;

    BridgeApiGeneration(String settingName, String defaultBaseUrl) {
        this.settingName = settingName;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** {@return the value of the {@code api} setting: {@code connect} or {@code legacy}} */
    public String settingName() {
        return settingName;
    }

    /** {@return the documented host of this generation} */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /**
     * The generation a setting names, in any case.
     *
     * @param name {@code connect} or {@code legacy} in any case, surrounding blanks ignored; may be {@code null}
     * @return the generation, or empty for {@code null} or another name
     */
    public static Optional<BridgeApiGeneration> parse(@Nullable String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (BridgeApiGeneration g : values()) {
            if (g.settingName.equals(n)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
