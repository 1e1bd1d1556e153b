package dev.pistack.loomio.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The SDK's reconciliation metrics (reconciliations started, succeeded, failed, retries, events) without per-resource
 * tags: one series per controller, not one per instance, so the series count stays flat however many instances
 * there are. Replaces the extension's default, which tags by resource.
 */
@Singleton
public class SdkMetrics implements MeterBinder {
    private volatile Metrics metrics = Metrics.NOOP;

    @Override
    public void bindTo(MeterRegistry registry) {
        metrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    /** @return the SDK's metrics, bound to the Prometheus registry once Micrometer starts */
    @Produces
    @Singleton
    public Metrics metrics() {
        return metrics;
    }
}
