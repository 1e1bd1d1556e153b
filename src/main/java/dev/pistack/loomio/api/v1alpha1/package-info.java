/**
 * The LoomioInstance API (loomio.pistack.dev/v1alpha1). The CRD in crds/ is generated from these classes:
 * descriptions, defaults and CEL rules live here, so invalid input is refused at kubectl apply.
 */
package dev.pistack.loomio.api.v1alpha1;
