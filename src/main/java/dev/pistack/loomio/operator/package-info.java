/**
 * The operator, sliced by feature. Each package states its contract and what it may import; {@code
 * PackageRulesTest} fails when an import breaks these rules or two packages depend on each other.
 * <ul>
 * <li>{@code kube}: Kubernetes plumbing any feature uses (status patches, Events, condition helpers, leader election,
 * the operator's image, the clock). Imports only the API.
 * <li>{@code desired}: pure builders of each child. Imports only the API.
 * <li>{@code dependent}: the SDK's dependent resources binding builders to informers. Imports {@code desired}.
 * <li>{@code backup}, {@code memory}, {@code lifecycle}, {@code upgrade}: the features. They import {@code kube},
 * {@code desired}, {@code dependent} (to read the shared informers) and the API, and not each other, except that
 * {@code lifecycle} reads {@code memory}'s database figures. {@code backup} reads the backup file names of the
 * agent's store, the format both programs share.
 * <li>{@code metrics}: the Prometheus gauges. Imports {@code kube}.
 * <li>{@code notify}: alarm messages by e-mail and webhook (docs/alerts.md). Imports {@code kube}.
 * <li>{@code instance}: the LoomioInstance reconciler, which composes everything; nothing imports it.
 * </ul>
 */
package dev.pistack.loomio.operator;
