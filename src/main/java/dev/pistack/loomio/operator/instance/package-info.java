/**
 * The LoomioInstance controller: the reconciler and its workflow, the cleaner (the final backup before a delete), the
 * pure status calculator over what the informers observed, the status writer, and the Events of transitions. It
 * composes the features ({@code backup}, {@code memory}, {@code lifecycle}, {@code upgrade}) and may import any
 * operator package; no package imports it.
 */
package dev.pistack.loomio.operator.instance;
