/**
 * Kubernetes plumbing shared by every feature: status writes as server-side apply patches, Events, helpers that keep
 * conditions as the API conventions want them (lastTransitionTime only on a transition), the Stalled problem type,
 * leader election, the operator's own image, the clock and Go durations (the API's duration fields). Imports only
 * the API ({@code dev.pistack.loomio.api}) and libraries.
 */
package dev.pistack.loomio.operator.kube;
