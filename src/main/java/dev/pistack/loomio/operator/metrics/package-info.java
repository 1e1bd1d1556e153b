/**
 * Prometheus metrics on the management port (/q/metrics): per-instance gauges of what status says (memory, backups,
 * thresholds), labelled only with namespace and loomioinstance, and the SDK's reconciliation metrics without
 * per-resource tags. Imports the API and {@code kube}.
 */
package dev.pistack.loomio.operator.metrics;
