package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.EmailNotifySpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceSpec;
import dev.pistack.loomio.api.v1alpha1.NotifySpec;
import dev.pistack.loomio.api.v1alpha1.WebhookFormat;
import dev.pistack.loomio.api.v1alpha1.WebhookNotifySpec;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.notify.Notification;
import dev.pistack.loomio.operator.notify.Notifier;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery under faults, against the real API server (Secrets, Events), a real SMTP server (Mailpit) and a webhook
 * receiver on loopback: a receiver that fails twice gets the message on the third try, once; one that never
 * answers 2xx and a mail server that is down end in a NotificationFailed Event that names neither the URL's token
 * nor the SMTP password; a Secret fixed between tries is read again. Retries are 300 ms apart here (10 s and 60 s in
 * the operator).
 */
class NotifierIT {
    static final KubernetesClient client = Cluster.admin();
    static final Vertx vertx = Vertx.vertx();
    static final List<Duration> DELAYS = List.of(Duration.ofMillis(300), Duration.ofMillis(300));
    private static final Notification FAILED = new Notification("ns", "site", Notification.State.FIRING,
            ConditionType.BACKUP_HEALTHY, ConditionReason.BACKUP_FAILED, "the newest run failed: quota",
            "Older backups are untouched.", Instant.parse("2026-12-07T10:00:00Z"));

    @AfterAll
    static void closeVertx() {
        vertx.close();
    }

    private static LoomioInstance instance(String namespace, NotifySpec notify) {
        LoomioInstance instance = new LoomioInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("site").withNamespace(namespace)
                .withUid(UUID.randomUUID().toString()).build());
        LoomioInstanceSpec spec = new LoomioInstanceSpec();
        spec.setHost("site.example.org");
        spec.setSmtpSecretRef(new LocalObjectReference("smtp"));
        spec.getMonitoring().setNotify(notify);
        instance.setSpec(spec);
        return instance;
    }

    private static NotifySpec webhookOnly(WebhookFormat format) {
        WebhookNotifySpec hook = new WebhookNotifySpec();
        hook.setUrlSecretRef(new SecretKeySelector("url", "alerts", null));
        hook.setFormat(format);
        NotifySpec notify = new NotifySpec();
        notify.setWebhook(hook);
        return notify;
    }

    private static void secret(String namespace, String name, Map<String, String> data) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata().withStringData(data)
                .build()).inNamespace(namespace).createOr(r -> r.update());
    }

    private static List<Event> failures(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> ConditionReason.NOTIFICATION_FAILED.value().equals(e.getReason())).toList();
    }

    private static Notifier notifier() {
        return new Notifier(client, new EventRecorder(client, Clock.systemUTC()), vertx, DELAYS);
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheMessageOnceOnTheThirdTry() throws Exception {
        String namespace = Cluster.namespace(client, "notify");
        try (WebhookReceiver receiver = new WebhookReceiver("/ntfy/" + UUID.randomUUID())) {
            receiver.failuresLeft.set(2);
            secret(namespace, "alerts", Map.of("url", receiver.url()));

            notifier().send(instance(namespace, webhookOnly(WebhookFormat.NTFY)), List.of(FAILED));

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 3);
            Thread.sleep(1_000);
            assertThat(receiver.received()).hasSize(3);
            WebhookReceiver.Request last = receiver.received().get(2);
            assertThat(last.headers()).containsEntry("X-Title", "[ns/site] BackupHealthy: BackupFailed")
                    .containsEntry("X-Priority", "high");
            assertThat(new String(last.body(), StandardCharsets.UTF_8)).startsWith("the newest run failed: quota");
            assertThat(failures(namespace)).isEmpty();
        }
    }

    @Test
    void aReceiverThatNeverTakesItAndAMailServerThatIsDownEndInAnEventWithoutSecrets() throws Exception {
        String namespace = Cluster.namespace(client, "notify");
        String token = UUID.randomUUID().toString();
        String password = "pw-" + UUID.randomUUID();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (WebhookReceiver receiver = new WebhookReceiver("/hooks/" + token)) {
            receiver.status = 500;
            secret(namespace, "alerts", Map.of("url", receiver.url()));
            secret(namespace, "smtp", Map.of("SMTP_SERVER", "127.0.0.1", "SMTP_PORT", String.valueOf(closedPort),
                    "SMTP_USERNAME", "pi", "SMTP_PASSWORD", password));
            NotifySpec notify = webhookOnly(WebhookFormat.GENERIC);
            EmailNotifySpec email = new EmailNotifySpec();
            email.setTo(List.of("ops@example.org"));
            notify.setEmail(email);

            notifier().send(instance(namespace, notify), List.of(FAILED));

            await().atMost(Duration.ofSeconds(30)).until(() -> failures(namespace).size() == 2);
            assertThat(receiver.received()).hasSize(3);
            assertThat(failures(namespace)).extracting(Event::getMessage).anySatisfy(m -> assertThat(m)
                    .startsWith("the webhook about firing BackupHealthy BackupFailed was not delivered after 3 tries")
                    .contains("HTTP 500 from 127.0.0.1"))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("the e-mail about firing BackupHealthy BackupFailed was not delivered")
                            .contains("SMTP 127.0.0.1:" + closedPort))
                    .allSatisfy(m -> assertThat(m).doesNotContain(token).doesNotContain(password));
        }
    }

    @Test
    void aSecretFixedBetweenTriesIsUsedByTheNextOne() throws Exception {
        String namespace = Cluster.namespace(client, "notify");
        try (MailServer mail = new MailServer()) {
            EmailNotifySpec email = new EmailNotifySpec();
            email.setTo(List.of("ops@example.org"));
            NotifySpec notify = new NotifySpec();
            notify.setEmail(email);

            // No SMTP Secret yet: the first try (at once) fails; the Secret appears a second later, before the
            // second try (two seconds later).
            new Notifier(client, new EventRecorder(client, Clock.systemUTC()), vertx,
                    List.of(Duration.ofSeconds(2), Duration.ofSeconds(2))).send(instance(namespace, notify),
                            List.of(FAILED));
            Thread.sleep(1_000);
            secret(namespace, "smtp", Map.of("SMTP_SERVER", "127.0.0.1", "SMTP_PORT",
                    String.valueOf(mail.smtpPort()), "SMTP_DOMAIN", "site.example.org"));

            await().atMost(Duration.ofSeconds(20)).until(() -> mail.messages().size() == 1);
            assertThat(mail.messages().get(0).subject()).isEqualTo("[ns/site] BackupHealthy: BackupFailed");
            assertThat(mail.messages().get(0).from()).isEqualTo("notifications@site.example.org");
            assertThat(failures(namespace)).isEmpty();
        }
    }
}
