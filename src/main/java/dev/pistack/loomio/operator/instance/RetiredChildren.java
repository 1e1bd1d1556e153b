package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Children that operator versions before Loomio 3.x created and that no longer exist in the desired state: the
 * channel server's Deployment and Service (loomio/loomio_channel_server, retired upstream in February 2026: live
 * updates are ActionCable inside Rails) and the hourly-tasks CronJob ({@code rake loomio:hourly_tasks} is empty since
 * Loomio 3.1; Solid Queue runs the hourly work as a recurring job). The managed workflow only applies what it knows,
 * so the reconcile deletes these once, on the first reconcile after the upgrade. The Ingress loses its
 * {@code channels.<host>} rule by being applied anew.
 */
final class RetiredChildren {
    private static final Logger LOG = Logger.getLogger(RetiredChildren.class);

    private RetiredChildren() {
    }

    /**
     * @return the retired children that the informer caches hold and this instance owns (an object of the same name
     *     that someone else made is left alone); usually none
     */
    static List<HasMetadata> of(LoomioInstance i, Context<LoomioInstance> context) {
        String name = i.getMetadata().getName();
        List<HasMetadata> retired = new ArrayList<>();
        ChildEventSources.get(context, Deployment.class, ChildEventSources.DEPLOYMENTS, name + "-channels")
                .ifPresent(retired::add);
        ChildEventSources.get(context, Service.class, ChildEventSources.SERVICES, name + "-channels")
                .ifPresent(retired::add);
        ChildEventSources.get(context, CronJob.class, ChildEventSources.CRON_JOBS, name + "-hourly-tasks")
                .ifPresent(retired::add);
        String uid = i.getMetadata().getUid();
        return retired.stream().filter(child -> child.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> uid.equals(ref.getUid()))).toList();
    }

    /** Deletes them; a failure is logged and retried at the next reconcile. */
    static void delete(KubernetesClient client, List<HasMetadata> retired) {
        for (HasMetadata child : retired) {
            try {
                client.resource(child).delete();
                LOG.infof("deleted %s %s/%s, retired with Loomio 3.x", child.getKind(),
                        child.getMetadata().getNamespace(), child.getMetadata().getName());
            } catch (KubernetesClientException e) {
                LOG.warnf("could not delete the retired %s %s/%s: %s", child.getKind(),
                        child.getMetadata().getNamespace(), child.getMetadata().getName(), e.getMessage());
            }
        }
    }
}
