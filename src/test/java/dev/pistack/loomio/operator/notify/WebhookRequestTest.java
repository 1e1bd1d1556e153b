package dev.pistack.loomio.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.WebhookFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
    private static final Notification FAILED = new Notification("loomio", "site", Notification.State.FIRING,
            ConditionType.BACKUP_HEALTHY, ConditionReason.BACKUP_FAILED, "the newest run failed: quota – exceeded",
            "Older backups are untouched.", Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void genericIsAJsonObjectWithEveryField() throws Exception {
        WebhookRequest r = WebhookRequest.of(WebhookFormat.GENERIC, FAILED);
        JsonNode body = new ObjectMapper().readTree(r.body());

        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(body.get("state").asText()).isEqualTo("firing");
        assertThat(body.get("condition").asText()).isEqualTo("BackupHealthy");
        assertThat(body.get("reason").asText()).isEqualTo("BackupFailed");
        assertThat(body.get("message").asText()).isEqualTo("the newest run failed: quota – exceeded");
        assertThat(body.get("advice").asText()).isEqualTo("Older backups are untouched.");
        assertThat(body.get("at").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(body.get("instance").asText()).isEqualTo("site");
    }

    @Test
    void ntfyGetsTextAndItsHeaders() {
        WebhookRequest r = WebhookRequest.of(WebhookFormat.NTFY, FAILED);

        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("the newest run failed: quota – exceeded\n\nOlder backups are untouched.");
        assertThat(r.headers()).containsEntry("X-Title", "[loomio/site] BackupHealthy: BackupFailed")
                .containsEntry("X-Priority", "high").containsEntry("X-Tags", "warning");
    }

    @Test
    void slackGetsOneTextField() throws Exception {
        JsonNode body = new ObjectMapper().readTree(WebhookRequest.of(WebhookFormat.SLACK, FAILED).body());

        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("text").asText()).startsWith(":warning: *[loomio/site] BackupHealthy: BackupFailed*\n")
                .contains("quota");
    }
}
