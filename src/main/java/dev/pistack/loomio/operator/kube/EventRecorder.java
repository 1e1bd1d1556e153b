package dev.pistack.loomio.operator.kube;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events about a resource, so {@code kubectl describe} and {@code kubectl get events} show what the
 * operator did. Failing to write an Event is logged and never fails a reconcile.
 */
@ApplicationScoped
public class EventRecorder {
    static final String COMPONENT = "loomio-operator";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * The wire form of a {@code metav1.MicroTime}: RFC 3339 with exactly six fractional digits, UTC
     * ({@code 2006-01-02T15:04:05.000000Z07:00} in apimachinery). ISO_INSTANT drops trailing zeros ({@code .088Z}),
     * which the API server refuses with 400 BadRequest, so about one Event in a thousand was lost.
     *
     * @return e.g. {@code 2026-11-23T11:09:27.088000Z}
     */
    static String microTime(Instant at) {
        return MICRO_TIME.format(at.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * @param reason the reason of the condition whose transition the Event announces (docs/api.md, "Status")
     * @param message human-readable; must not hold secret values
     */
    public void record(HasMetadata about, EventType type, ConditionReason reason, String message) {
        Instant at = clock.instant();
        String now = DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(about.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(about.getApiVersion())
                .withKind(about.getKind())
                .withName(about.getMetadata().getName())
                .withNamespace(about.getMetadata().getNamespace())
                .withUid(about.getMetadata().getUid())
                .withResourceVersion(about.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type.value())
                .withReason(reason.value())
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withEventTime(new MicroTime(microTime(at)))
                .withAction("Reconcile")
                .withReportingComponent(COMPONENT)
                .withReportingInstance(COMPONENT)
                .withNewSource().withComponent(COMPONENT).endSource()
                .build();
        try {
            client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s for %s/%s: %s", reason.value(), about.getMetadata().getNamespace(),
                    about.getMetadata().getName(), e.getMessage());
        }
    }
}
