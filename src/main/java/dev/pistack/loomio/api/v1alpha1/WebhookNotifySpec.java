package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** Alarm messages as an HTTP POST. The URL is a Secret's value: Slack, Discord and ntfy URLs carry their token. */
public class WebhookNotifySpec {
    @JsonPropertyDescription("Secret key in this namespace holding the URL to POST to (https://…, or http:// inside"
            + " the cluster).")
    @Required
    @ValidationRule(value = "has(self.name) && size(self.name) <= 253 && self.name.matches('" + Validation.DNS_NAME_CEL
            + "') && has(self.key) && size(self.key) > 0",
            message = "monitoring.notify.webhook.urlSecretRef needs name (a Secret in this namespace) and key (the key"
                    + " holding the URL)")
    private SecretKeySelector urlSecretRef;

    @JsonPropertyDescription("Body of the POST: Generic (JSON), Ntfy, or Slack (also Discord at <url>/slack,"
            + " Mattermost, Rocket.Chat).")
    @Default("Generic")
    private WebhookFormat format = WebhookFormat.GENERIC;

    public SecretKeySelector getUrlSecretRef() {
        return urlSecretRef;
    }

    public void setUrlSecretRef(SecretKeySelector urlSecretRef) {
        this.urlSecretRef = urlSecretRef;
    }

    public WebhookFormat getFormat() {
        return format;
    }

    public void setFormat(WebhookFormat format) {
        this.format = format;
    }
}
