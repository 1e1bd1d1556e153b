package dev.pistack.loomio.operator.notify;

import java.time.format.DateTimeFormatter;

/** The plain-text body of an alarm e-mail; its subject is {@link Notification#subject()}. */
public final class MailText {
    private MailText() {
    }

    /** @return what happened, what to do, and when, as lines a person reads in any mail client */
    public static String of(Notification n) {
        String headline = n.state() == Notification.State.FIRING
                ? "LoomioInstance " + n.namespace() + "/" + n.instance() + ": " + n.type().value() + " is "
                        + n.reason().value() + "."
                : "LoomioInstance " + n.namespace() + "/" + n.instance() + " recovered: " + n.type().value() + " is "
                        + n.reason().value() + ".";
        return headline + "\n\n" + n.message() + "\n\n" + n.advice() + "\n\nSeen by the loomio-operator at "
                + DateTimeFormatter.ISO_INSTANT.format(n.at()) + ". One message is sent when an alarm starts and one"
                + " when it ends (docs/alerts.md).\n";
    }
}
