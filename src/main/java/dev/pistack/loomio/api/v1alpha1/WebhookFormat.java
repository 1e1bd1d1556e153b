package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** The body a webhook receives (docs/alerts.md shows each). */
public enum WebhookFormat {
    /** A JSON object with the instance, the alarm, its state (firing, resolved), the message and what to do. */
    GENERIC("Generic"),
    /** ntfy's publish API: the text as body, Title, Priority and Tags headers (docs.ntfy.sh, "Publishing"). */
    NTFY("Ntfy"),
    /**
     * Slack's incoming-webhook JSON ({@code {"text": …}}); Discord accepts the same at its webhook URL + {@code /slack}
     * (Discord developer docs, "Execute Slack-Compatible Webhook"), Mattermost and Rocket.Chat at theirs.
     */
    SLACK("Slack");

    private final String value;

    WebhookFormat(String value) {
        this.value = value;
    }

    /** @return the name in the API, e.g. {@code Ntfy} */
    @JsonValue
    public String value() {
        return value;
    }
}
