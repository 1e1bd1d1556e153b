package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where the operator sends a message when an alarm starts and when it ends (docs/alerts.md): e-mail through the
 * instance's own SMTP settings, a webhook, or both. Absent: nothing is sent; conditions, Events and metrics stay.
 */
public class NotifySpec {
    @JsonPropertyDescription("E-mail through the instance's SMTP settings (spec.smtpSecretRef).")
    private EmailNotifySpec email;

    @JsonPropertyDescription("An HTTP POST to a URL kept in a Secret (generic JSON, ntfy, or Slack/Discord-compatible).")
    private WebhookNotifySpec webhook;

    public EmailNotifySpec getEmail() {
        return email;
    }

    public void setEmail(EmailNotifySpec email) {
        this.email = email;
    }

    public WebhookNotifySpec getWebhook() {
        return webhook;
    }

    public void setWebhook(WebhookNotifySpec webhook) {
        this.webhook = webhook;
    }
}
