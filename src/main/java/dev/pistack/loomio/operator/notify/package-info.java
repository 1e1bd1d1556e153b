/**
 * Alarm messages that reach a person without Prometheus (docs/alerts.md): which condition transitions are alarms
 * ({@link dev.pistack.loomio.operator.notify.Alarms}), the messages a status change makes
 * ({@link dev.pistack.loomio.operator.notify.Notifications}), their e-mail and webhook forms, and their delivery
 * ({@link dev.pistack.loomio.operator.notify.Notifier}).
 */
package dev.pistack.loomio.operator.notify;
