package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Tiers;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app's probes on the real node against Rails' own SSL middleware ({@code localhost/test/rails-ssl:6.1}:
 * ActionDispatch::SSL from Debian's ruby-actionpack on Puma, configured as Loomio's config/application.rb configures
 * it, hack/images/rails-ssl/config.ru). The app Deployment is the one the operator generates, with its environment
 * (FORCE_SSL=1) and probes; only its image is the test image, and the migration gate and the uploads volume, which
 * need Loomio and a provisioner, are left out.
 */
@EndToEnd
class RailsSslProbeE2E {
    private static final String IMAGE = "localhost/test/rails-ssl:6.1";
    private static final Duration START = Duration.ofMinutes(2);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    LoomioInstance instance;

    @BeforeEach
    void namespace() {
        namespace = Node.namespace(client, "e2e-probe");
        instance = Samples.load(Samples.PRODUCTION, namespace);
        // The app's environment takes its secrets from the credentials Secret: without it the pod cannot start.
        client.resource(CredentialsSecret.desired(instance, new Random(1), Samples.VAPID, null)).inNamespace(namespace)
                .create();
    }

    @Test
    void theGeneratedProbesPassUnderForceSslWhereAPlainHttpGetNeverDoes() {
        Deployment generated = create("generated", appDeployment(), null);
        Deployment httpGet = create("http-get", appDeployment(), plainHttpGet());

        await().atMost(START).until(() -> ready(generated));
        Container app = client.resource(generated).get().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getEnv()).contains(new EnvVar("FORCE_SSL", "1", null));
        assertThat(app.getReadinessProbe().getExec().getCommand()).contains("curl");
        // Its pod runs all along; the kubelet follows Rails' redirect to https:// and fails the TLS handshake. The
        // first failures may be "connection refused" while Puma starts (on a loaded node, seconds), so wait for one
        // that followed the redirect.
        await().atMost(START).ignoreExceptions().until(() -> unhealthyEvents(httpGet).stream()
                .anyMatch(m -> m.contains("https://")));
        assertThat(ready(httpGet)).as("GET / over plain HTTP under FORCE_SSL").isFalse();
        assertThat(pod(httpGet).getStatus().getPhase()).isEqualTo("Running");
        assertThat(unhealthyEvents(httpGet)).anySatisfy(m -> assertThat(m).contains("https://"));
    }

    /** Loomio's flags are presence checks: an empty FORCE_SSL (spec.env) switches the redirect off, "0" would not. */
    @Test
    void anEmptyForceSslSwitchesTheRedirectOff() {
        instance.getSpec().setEnv(List.of(new EnvVar("FORCE_SSL", "", null)));
        Deployment httpGet = create("force-ssl-off", appDeployment(), plainHttpGet());

        await().atMost(START).until(() -> ready(httpGet));
    }

    private Deployment appDeployment() {
        Deployment d = AppDeployments.app(instance, Tiers.ALL, instance.getSpec().getImage(), DatabaseLogin.LOOMIO);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        pod.setInitContainers(List.of());
        pod.setVolumes(List.of());
        Container app = pod.getContainers().get(0);
        app.setVolumeMounts(List.of());
        app.setImage(IMAGE);
        app.setImagePullPolicy("Never");
        app.setStartupProbe(null);
        app.setResources(null);
        return d;
    }

    /** The probe the operator generated before: httpGet / on the app's port, which the kubelet sends as plain HTTP. */
    private static Probe plainHttpGet() {
        return new ProbeBuilder().withNewHttpGet().withPath("/").withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(2).withTimeoutSeconds(2).withFailureThreshold(1).build();
    }

    private Deployment create(String name, Deployment d, Probe readiness) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "rails-ssl", "probe", name);
        d.getMetadata().setName(name);
        d.getMetadata().setNamespace(namespace);
        d.getSpec().getSelector().setMatchLabels(labels);
        d.getSpec().getTemplate().getMetadata().setLabels(labels);
        Container app = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        if (readiness != null) {
            app.setReadinessProbe(readiness);
            app.setLivenessProbe(null);
        }
        return client.resource(d).create();
    }

    private boolean ready(Deployment d) {
        Deployment seen = client.resource(d).get();
        return seen.getStatus() != null && seen.getStatus().getReadyReplicas() != null
                && seen.getStatus().getReadyReplicas() == 1;
    }

    private Pod pod(Deployment d) {
        return client.pods().inNamespace(namespace).withLabels(d.getSpec().getSelector().getMatchLabels()).list()
                .getItems().get(0);
    }

    private List<String> unhealthyEvents(Deployment d) {
        String podName = pod(d).getMetadata().getName();
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> podName.equals(e.getInvolvedObject().getName()) && "Unhealthy".equals(e.getReason()))
                .map(Event::getMessage).toList();
    }
}
