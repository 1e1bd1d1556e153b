package dev.pistack.loomio.agent.s3;

import dev.pistack.loomio.contract.AgentCli;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * S3 settings, from the environment (the backup Secret's keys):
 *
 * <ul>
 *   <li>{@code S3_BUCKET}: the bucket; S3 is used when it is set (or {@code S3_ENABLED}=true/1/yes; false turns it off
 *       while the other keys stay).</li>
 *   <li>{@code S3_ACCESS_KEY_ID}, {@code S3_SECRET_ACCESS_KEY}: the credentials. Nothing else is read: not the AWS
 *       default chain, not {@code ~/.aws}, so what the Secret holds is all that is used.</li>
 *   <li>{@code S3_ENDPOINT}: the server's URL ({@code https://s3.eu-central-003.backblazeb2.com},
 *       {@code http://nas.lan:9000}); AWS's own when unset.</li>
 *   <li>{@code S3_REGION} (default us-east-1; what the server's signatures expect).</li>
 *   <li>{@code S3_FORCE_PATH_STYLE} (true/false, default false): {@code endpoint/bucket/key} instead of
 *       {@code bucket.endpoint/key}; MinIO, Garage and most servers on a LAN need true.</li>
 *   <li>{@code S3_PREFIX}: a key prefix of the user's own, before the instance's: {@code <namespace>.<name>} of
 *       {@code LOOMIO_INSTANCE} ({@link AgentCli#instanceFolder}), so instances sharing a bucket never read each
 *       other's backups.</li>
 *   <li>{@code S3_RETRY_MAX_ATTEMPTS} (default 6): attempts of one request, with the SDK's backoff.</li>
 * </ul>
 * {@link #toString()} never shows the secret key.
 *
 * @param endpoint the server's URL, or null for AWS
 * @param keyPrefix where this agent's backups are, {@code <S3_PREFIX>/<S3_INSTANCE_PREFIX>/} without empty parts; empty
 *     for the bucket's root
 * @param partBytes the size of a multipart upload's parts and of a download's ranges, bytes (S3's minimum part is 5 MiB)
 * @param maxAttempts attempts of one request
 */
public record S3Settings(URI endpoint, String region, String bucket, String keyPrefix, String accessKeyId,
        String secretAccessKey, boolean pathStyle, long partBytes, int maxAttempts) {
    /** 16 MiB: as Drive's chunks, large enough for throughput, small enough for a Pi's RAM. */
    public static final long DEFAULT_PART = 16L * 1024 * 1024;
    /** S3's smallest part but the last. */
    public static final long MIN_PART = 5L * 1024 * 1024;

    /** @return what S3_ENABLED says; when it is not set, whether S3_BUCKET is */
    public static boolean enabled(Map<String, String> env) {
        String v = env.getOrDefault("S3_ENABLED", "").strip().toLowerCase();
        if (v.isEmpty()) {
            return get(env, "S3_BUCKET") != null;
        }
        return v.equals("true") || v.equals("1") || v.equals("yes");
    }

    /**
     * @throws IllegalArgumentException when the bucket or the credentials are missing, or the endpoint is not a URL,
     *     saying which key to set; the message never holds a secret
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        String bucket = get(env, "S3_BUCKET");
        if (bucket == null) {
            throw new IllegalArgumentException("S3_BUCKET is not set: give the bucket for backups");
        }
        String accessKey = get(env, "S3_ACCESS_KEY_ID");
        String secretKey = get(env, "S3_SECRET_ACCESS_KEY");
        if (accessKey == null || secretKey == null) {
            throw new IllegalArgumentException("S3 needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: the access key of"
                    + " a user (or application key) that may list, read, write and delete in bucket " + bucket);
        }
        URI endpoint = null;
        String url = get(env, "S3_ENDPOINT");
        if (url != null) {
            try {
                endpoint = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("S3_ENDPOINT is not a URL: give http(s)://host[:port]");
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw new IllegalArgumentException("S3_ENDPOINT is not a URL: give http(s)://host[:port]");
            }
        }
        String instance = get(env, AgentCli.ENV_INSTANCE);
        String prefix = Stream.of(get(env, "S3_PREFIX"), instance == null ? null : AgentCli.instanceFolder(instance))
                .filter(p -> p != null)
                .map(p -> p.replaceAll("^/+|/+$", ""))
                .filter(p -> !p.isEmpty())
                .collect(Collectors.joining("/"));
        return new S3Settings(endpoint, env.getOrDefault("S3_REGION", "us-east-1").strip(), bucket,
                prefix.isEmpty() ? "" : prefix + "/", accessKey, secretKey,
                Boolean.parseBoolean(env.getOrDefault("S3_FORCE_PATH_STYLE", "false").strip()), DEFAULT_PART,
                Integer.parseInt(env.getOrDefault("S3_RETRY_MAX_ATTEMPTS", "6").strip()));
    }

    /** @return a copy with another part size (tests use small parts to exercise multipart uploads) */
    public S3Settings withPartBytes(long bytes) {
        if (bytes < MIN_PART) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB");
        }
        return new S3Settings(endpoint, region, bucket, keyPrefix, accessKeyId, secretAccessKey, pathStyle, bytes,
                maxAttempts);
    }

    @Override
    public String toString() {
        return "S3Settings(endpoint=" + (endpoint == null ? "aws" : endpoint) + ", region=" + region + ", bucket="
                + bucket + ", prefix=" + keyPrefix + ", pathStyle=" + pathStyle + ")";
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
