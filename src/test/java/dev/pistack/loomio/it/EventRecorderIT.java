package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real API server takes the Events the operator writes at any instant: eventTime is a MicroTime, which it parses
 * with exactly six fractional digits (an Event at 11:09:27.088 was refused once, and a power cut's StartedFresh lost).
 */
class EventRecorderIT {
    final KubernetesClient client = Cluster.admin();

    @Test
    void anEventAtAWholeMillisecondOrSecondIsAccepted() {
        String namespace = Cluster.namespace(client, "events");
        ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("about").endMetadata().build()).create();
        for (String at : List.of("2026-11-23T11:09:27.088Z", "2026-11-23T11:09:28Z", "2026-11-23T11:09:29.123456Z")) {
            new EventRecorder(client, Clock.fixed(Instant.parse(at), ZoneOffset.UTC)).record(about,
                    EventType.NORMAL, ConditionReason.STARTED_FRESH, "at " + at);
        }

        List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
        assertThat(events).extracting(Event::getMessage).containsExactlyInAnyOrder("at 2026-11-23T11:09:27.088Z",
                "at 2026-11-23T11:09:28Z", "at 2026-11-23T11:09:29.123456Z");
        assertThat(events).extracting(e -> e.getEventTime().getTime()).containsExactlyInAnyOrder(
                "2026-11-23T11:09:27.088000Z", "2026-11-23T11:09:28.000000Z", "2026-11-23T11:09:29.123456Z");
    }
}
