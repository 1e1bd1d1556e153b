/**
 * The reconciler and what surrounds it: status writes, Events, leader election, checks of referenced objects.
 * It holds no desired state (package desired) and no condition logic (package status).
 */
package dev.pistack.loomio.operator;
