package dev.pistack.loomio.operator.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pistack.loomio.api.v1alpha1.WebhookFormat;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The POST a webhook receives for one notification, in the shape its receiver reads.
 *
 * @param contentType the Content-Type header
 * @param headers other headers (ntfy reads title, priority and tags from them)
 * @param body UTF-8
 */
public record WebhookRequest(String contentType, Map<String, String> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @return Generic: a JSON object (namespace, instance, state, condition, reason, summary, message, advice, at);
     *     Ntfy: the message and advice as plain text, the summary as Title, Priority high when firing (ntfy's
     *     "Publishing" docs: headers X-Title, X-Priority, X-Tags); Slack: {@code {"text": …}} with Slack's mrkdwn
     *     (Slack's "Sending messages using incoming webhooks", which Discord's /slack endpoint accepts)
     */
    public static WebhookRequest of(WebhookFormat format, Notification n) {
        boolean firing = n.state() == Notification.State.FIRING;
        return switch (format) {
            case GENERIC -> {
                ObjectNode body = JSON.createObjectNode()
                        .put("namespace", n.namespace())
                        .put("instance", n.instance())
                        .put("state", n.state().value())
                        .put("condition", n.type().value())
                        .put("reason", n.reason().value())
                        .put("summary", n.subject())
                        .put("message", n.message())
                        .put("advice", n.advice())
                        .put("at", DateTimeFormatter.ISO_INSTANT.format(n.at()));
                yield json(body);
            }
            case NTFY -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("X-Title", n.subject());
                headers.put("X-Priority", firing ? "high" : "default");
                headers.put("X-Tags", firing ? "warning" : "white_check_mark");
                yield new WebhookRequest("text/plain; charset=utf-8", headers,
                        (n.message() + "\n\n" + n.advice()).getBytes(StandardCharsets.UTF_8));
            }
            case SLACK -> json(JSON.createObjectNode().put("text",
                    (firing ? ":warning: *" : ":white_check_mark: *") + n.subject() + "*\n" + n.message() + "\n_"
                            + n.advice() + "_"));
        };
    }

    private static WebhookRequest json(ObjectNode body) {
        try {
            return new WebhookRequest("application/json", Map.of(), JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
