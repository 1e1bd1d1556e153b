package dev.pistack.loomio.agent.dump;

import dev.pistack.loomio.contract.AgentCli;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LoomioInstance a backup was taken from, written as the first line of the dump, an SQL comment:
 * {@code -- loomio-operator backup of LoomioInstance <namespace>/<name> uid <uid>}. It sits inside the Fernet token,
 * so it is authenticated with the rest; psql (and so the seed system's restore) reads it as a comment.
 *
 * <p>A restore compares namespace and name, not the uid: an instance deleted and created again (a new SD card, a
 * new cluster) gets a new uid and must still restore its own backups. The uid says which incarnation took it.
 *
 * @param namespace the instance's namespace, a DNS label
 * @param name the instance's name, a DNS subdomain
 * @param uid the instance's metadata.uid, or empty when unknown
 */
public record BackupOrigin(String namespace, String name, String uid) {
    private static final String PREFIX = "-- loomio-operator backup of LoomioInstance ";
    // Kubernetes names (RFC 1123) and uids: nothing outside this alphabet can appear, so the line parses unambiguously.
    private static final Pattern LINE = Pattern
            .compile(Pattern.quote(PREFIX) + "([a-z0-9-]{1,63})/([a-z0-9.-]{1,253}) uid ([0-9a-f-]{0,36})");
    private static final Pattern INSTANCE = Pattern.compile("([a-z0-9-]{1,63})/([a-z0-9.-]{1,253})");

    /** At most this many bytes of the dump's start are searched for the line. */
    public static final int MAX_LINE = 512;

    /** @return {@code namespace/name} */
    public String instance() {
        return namespace + "/" + name;
    }

    /** @return the header line, newline included, UTF-8 */
    public byte[] headerLine() {
        return (PREFIX + instance() + " uid " + uid + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param head the first bytes of a dump (at most {@link #MAX_LINE} are looked at)
     * @return the origin its first line states, or null when it has none (the seed system's dumps, and this agent's
     *     before it wrote one)
     */
    public static BackupOrigin fromHead(byte[] head, int length) {
        String text = new String(head, 0, Math.min(length, MAX_LINE), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        if (end < 0) {
            return null;
        }
        Matcher m = LINE.matcher(text.substring(0, end));
        return m.matches() ? new BackupOrigin(m.group(1), m.group(2), m.group(3)) : null;
    }

    /**
     * @param instance {@code namespace/name}
     * @return the origin with an unknown uid
     * @throws IllegalArgumentException when the text is not {@code namespace/name} of Kubernetes names
     */
    public static BackupOrigin parseInstance(String instance) {
        Matcher m = INSTANCE.matcher(instance.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + instance + "' is not an instance: give NAMESPACE/NAME, as"
                    + " kubectl get loomioinstances -A shows them");
        }
        return new BackupOrigin(m.group(1), m.group(2), "");
    }

    /**
     * @return this process' instance from {@value AgentCli#ENV_INSTANCE} and {@value AgentCli#ENV_INSTANCE_UID}
     *     (the operator sets both in every agent container), or null when the first is unset (the agent run by
     *     hand)
     * @throws IllegalArgumentException when the variable is set but malformed
     */
    public static BackupOrigin fromEnvironment(Map<String, String> env) {
        String instance = env.get(AgentCli.ENV_INSTANCE);
        if (instance == null || instance.isBlank()) {
            return null;
        }
        BackupOrigin origin = parseInstance(instance);
        String uid = env.getOrDefault(AgentCli.ENV_INSTANCE_UID, "").strip();
        if (!uid.matches("[0-9a-f-]{0,36}")) {
            throw new IllegalArgumentException(AgentCli.ENV_INSTANCE_UID + " is not a Kubernetes uid");
        }
        return new BackupOrigin(origin.namespace(), origin.name(), uid);
    }

    @Override
    public String toString() {
        return instance() + (uid.isEmpty() ? "" : " (uid " + uid + ")");
    }
}
