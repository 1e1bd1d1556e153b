/**
 * The dependent resources of the workflow: one class (or nested class) per child, each a thin binding of a
 * desired-state builder to one shared informer per kind ({@link dev.pistack.loomio.operator.dependent.ChildEventSources}),
 * and the values the reconciler hands them through the workflow's context. Imports the API and {@code desired}.
 */
package dev.pistack.loomio.operator.dependent;
