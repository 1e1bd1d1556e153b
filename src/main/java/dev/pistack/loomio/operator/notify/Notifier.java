package dev.pistack.loomio.operator.notify;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.EmailNotifySpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.NotifySpec;
import dev.pistack.loomio.api.v1alpha1.WebhookNotifySpec;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers notifications to spec.monitoring.notify's e-mail recipients and webhook, off the reconcile thread: a
 * reconcile never waits for a mail server. Each message is tried three times ({@link #RETRY_DELAYS} apart); when all fail, a Warning Event NotificationFailed on the instance says so. The Secrets (SMTP settings,
 * webhook URL) are read at each attempt, so a fixed Secret is used by the next retry; their values never reach a log
 * or an Event.
 */
@ApplicationScoped
public class Notifier {
    /** Wait before the second and third try: a mail server restarting, a Wi-Fi link coming back. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Vertx vertx;
    private final List<Duration> retryDelays;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loomio-notify");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public Notifier(KubernetesClient client, EventRecorder events, Vertx vertx) {
        this(client, events, vertx, RETRY_DELAYS);
    }

    /**
     * @param retryDelays the waits before the second and later tries; their count plus one is the number of tries
     */
    public Notifier(KubernetesClient client, EventRecorder events, Vertx vertx, List<Duration> retryDelays) {
        this.client = client;
        this.events = events;
        this.vertx = vertx;
        this.retryDelays = List.copyOf(retryDelays);
    }

    /**
     * Queues the notifications for delivery and returns at once.
     *
     * @param instance the instance as written; its spec.monitoring.notify says where (absent: nothing is sent)
     */
    public void send(LoomioInstance instance, List<Notification> notifications) {
        NotifySpec notify = instance.getSpec().getMonitoring() == null
                ? null
                : instance.getSpec().getMonitoring().getNotify();
        if (notify == null || notifications.isEmpty()) {
            return;
        }
        for (Notification n : notifications) {
            if (notify.getEmail() != null) {
                attempt(instance, n, "e-mail", () -> mail(instance, notify.getEmail(), n), 1);
            }
            if (notify.getWebhook() != null) {
                attempt(instance, n, "webhook", () -> webhook(instance, notify.getWebhook(), n), 1);
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** One delivery; throws on any failure, with a message that holds no secret value. */
    @FunctionalInterface
    interface Delivery {
        void run() throws Exception;
    }

    private void attempt(LoomioInstance instance, Notification n, String channel, Delivery delivery, int attempt) {
        int attempts = retryDelays.size() + 1;
        Duration delay = attempt == 1 ? Duration.ZERO : retryDelays.get(attempt - 2);
        executor.schedule(() -> {
            try {
                delivery.run();
                LOG.infof("sent the %s about %s %s of %s/%s", channel, n.state().value(), n.reason().value(),
                        n.namespace(), n.instance());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (attempt < attempts) {
                    LOG.warnf("%s about %s of %s/%s failed (try %d of %d): %s", channel, n.reason().value(),
                            n.namespace(), n.instance(), attempt, attempts, cause);
                    attempt(instance, n, channel, delivery, attempt + 1);
                } else {
                    LOG.errorf("%s about %s of %s/%s failed %d times, given up: %s", channel, n.reason().value(),
                            n.namespace(), n.instance(), attempts, cause);
                    events.record(instance, EventType.WARNING, ConditionReason.NOTIFICATION_FAILED, "the " + channel
                            + " about " + n.state().value() + " " + n.type().value() + " " + n.reason().value()
                            + " was not delivered after " + attempts + " tries: " + cause);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void mail(LoomioInstance instance, EmailNotifySpec email, Notification n) throws Exception {
        String secretName = instance.getSpec().getSmtpSecretRef() == null
                ? null
                : instance.getSpec().getSmtpSecretRef().getName();
        if (secretName == null) {
            throw new IllegalStateException("spec.smtpSecretRef is not set");
        }
        SmtpSettings smtp = SmtpSettings.from(secretData(instance, secretName));
        List<String> to = email.getTo() == null || email.getTo().isEmpty()
                ? List.of(instance.getSpec().getSupportEmail())
                : email.getTo();
        MailConfig config = new MailConfig()
                .setHostname(smtp.host())
                .setPort(smtp.port())
                .setSsl(smtp.ssl())
                .setStarttls(smtp.ssl() ? StartTLSOptions.DISABLED : StartTLSOptions.OPTIONAL)
                .setTrustAll(!smtp.verifyPeer())
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setLogin(smtp.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
                .setAuthMethods(smtp.authMethod());
        if (smtp.username() != null) {
            config.setUsername(smtp.username()).setPassword(smtp.password() == null ? "" : smtp.password());
        }
        if (smtp.heloName() != null) {
            config.setOwnHostname(smtp.heloName());
        }
        MailMessage message = new MailMessage()
                .setFrom("Loomio operator <" + smtp.from() + ">")
                .setTo(to)
                .setSubject(n.subject())
                .setText(MailText.of(n));
        MailClient mailer = MailClient.create(vertx, config);
        try {
            mailer.sendMail(message).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("SMTP " + smtp.host() + ":" + smtp.port() + ": " + cause.getMessage());
        } finally {
            mailer.close();
        }
    }

    private void webhook(LoomioInstance instance, WebhookNotifySpec webhook, Notification n) throws Exception {
        String name = webhook.getUrlSecretRef().getName();
        String key = webhook.getUrlSecretRef().getKey();
        String url = secretData(instance, name).get(key);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("Secret " + name + " has no key " + key);
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Secret " + name + " key " + key + " is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalStateException("Secret " + name + " key " + key + " is not an http(s) URL");
        }
        WebhookRequest request = WebhookRequest.of(webhook.getFormat(), n);
        HttpRequest.Builder post = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", request.contentType())
                .header("User-Agent", "loomio-operator")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(post::header);
        HttpResponse<String> response;
        try {
            response = http.send(post.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The exception may name the URL, which carries the receiver's token: only its kind and host are told.
            throw new IOException(e.getClass().getSimpleName() + " posting to " + uri.getHost());
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri.getHost());
        }
    }

    private Map<String, String> secretData(LoomioInstance instance, String name) {
        Secret secret = client.secrets().inNamespace(instance.getMetadata().getNamespace()).withName(name).get();
        if (secret == null) {
            throw new IllegalStateException("Secret " + name + " does not exist");
        }
        Map<String, String> data = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k,
                    new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }
}
