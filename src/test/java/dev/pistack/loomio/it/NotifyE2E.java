package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.EmailNotifySpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.NotifySpec;
import dev.pistack.loomio.api.v1alpha1.WebhookNotifySpec;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Alarms reach a person (docs/alerts.md): a real SMTP server (Mailpit) and a webhook receiver on loopback get exactly
 * one message when a backup fails and one when backups recover, through the operator under test, the instance's SMTP
 * Secret and the webhook URL's Secret; the Drive fault is the fake Drive's (quota exceeded).
 */
@EndToEnd
class NotifyE2E {
    static final KubernetesClient client = Cluster.admin();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFailedBackupAndItsRecoveryEachReachEveryoneOnce() throws Exception {
        String namespace = Node.namespace(client, "e2e-notify");
        Durability loop = new Durability(client, namespace);
        String password = "smtp-" + UUID.randomUUID();
        String token = "/hooks/" + UUID.randomUUID();
        try (MailServer mail = new MailServer();
                WebhookReceiver webhook = new WebhookReceiver(token);
                FakeDrive drive = loop.useDrive()) {
            client.resource(new SecretBuilder().withNewMetadata().withName("loomio-smtp").endMetadata()
                    .withStringData(Map.of("SMTP_SERVER", "127.0.0.1", "SMTP_PORT", String.valueOf(mail.smtpPort()),
                            "SMTP_USERNAME", "pi", "SMTP_PASSWORD", password, "SMTP_DOMAIN", "loomio.test"))
                    .build()).inNamespace(namespace).create();
            client.resource(new SecretBuilder().withNewMetadata().withName("loomio-alerts").endMetadata()
                    .withStringData(Map.of("url", webhook.url())).build()).inNamespace(namespace).create();
            LoomioInstance instance = Node.withBackupVolume(client,
                    Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
            instance.getSpec().getPostgres().setDataSize("256Mi");
            instance.getSpec().setSmtpSecretRef(new LocalObjectReference("loomio-smtp"));
            NotifySpec notify = new NotifySpec();
            EmailNotifySpec email = new EmailNotifySpec();
            email.setTo(List.of("ops@example.org", "pi@example.org"));
            notify.setEmail(email);
            WebhookNotifySpec hook = new WebhookNotifySpec();
            hook.setUrlSecretRef(new SecretKeySelector("url", "loomio-alerts", null));
            notify.setWebhook(hook);
            instance.getSpec().getMonitoring().setNotify(notify);
            client.resource(instance).create();
            loop.awaitDatabaseReady();
            loop.loadFixture(loop.postgresPod(null));
            assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");
            await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus(),
                    ConditionType.BACKUP_HEALTHY).isTrue().hasReason(ConditionReason.BACKUP_RECENT));

            drive.quotaExceeded = true;
            assertThat(loop.backupNow().get("status").asText()).isEqualTo("failed");

            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                assertThat(mail.messages()).hasSize(1);
                assertThat(webhook.received()).hasSize(1);
            });
            MailServer.Mail failed = mail.messages().get(0);
            assertThat(failed.subject()).isEqualTo("[" + namespace + "/loomio] BackupHealthy: BackupFailed");
            assertThat(failed.to()).containsExactlyInAnyOrder("ops@example.org", "pi@example.org");
            assertThat(failed.from()).isEqualTo("notifications@loomio.test");
            assertThat(failed.username()).as("sent with the Secret's SMTP login").isEqualTo("pi");
            assertThat(failed.text()).contains("storage quota exceeded", "Older backups are untouched",
                    "kubectl loomio backup loomio -n " + namespace + " --wait");
            JsonNode firing = JSON.readTree(webhook.received().get(0).body());
            assertThat(webhook.received().get(0).contentType()).isEqualTo("application/json");
            assertThat(firing.get("state").asText()).isEqualTo("firing");
            assertThat(firing.get("reason").asText()).isEqualTo("BackupFailed");
            assertThat(firing.get("message").asText()).contains("storage quota exceeded");

            // A second failed run is the same alarm: nothing more is sent.
            assertThat(loop.backupNow().get("status").asText()).isEqualTo("failed");
            drive.quotaExceeded = false;
            assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");

            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                assertThat(mail.messages()).hasSize(2);
                assertThat(webhook.received()).hasSize(2);
            });
            MailServer.Mail recovered = mail.messages().get(1);
            assertThat(recovered.subject())
                    .isEqualTo("[" + namespace + "/loomio] resolved: BackupHealthy is BackupRecent");
            assertThat(recovered.text()).contains("recovered", "Nothing to do: it recovered from BackupFailed");
            JsonNode resolved = JSON.readTree(webhook.received().get(1).body());
            assertThat(resolved.get("state").asText()).isEqualTo("resolved");
            assertThat(resolved.get("reason").asText()).isEqualTo("BackupRecent");

            // A healthy run later: still exactly one message of each kind.
            assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");
            Thread.sleep(15_000);
            assertThat(mail.messages()).hasSize(2);
            assertThat(webhook.received()).hasSize(2);
            assertThat(Files.readString(OperatorProcess.LOG, StandardCharsets.UTF_8)).as("the operator's log")
                    .doesNotContain(password).doesNotContain(token);
            assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .noneSatisfy(e -> assertThat(e.getReason()).isEqualTo("NotificationFailed"))
                    .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(password).doesNotContain(token));
        }
    }
}
