package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Redis' own memory figures: {@code used_memory} against {@code maxmemory} from {@code INFO memory}. */
public final class RedisFill {
    private RedisFill() {
    }

    /**
     * @param host the Redis pod's IP address or a host name
     * @param port the port, 6379 in the pod
     * @param password Redis' password (requirepass), or null for a Redis without one
     * @param fallbackLimitBytes the limit when Redis has no maxmemory (0): the data volume's size, bytes
     * @return used_memory against maxmemory (or the fallback), bytes
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be reached within 5 s or answers
     *     without the two fields
     */
    public static MemoryUsage usage(String host, int port, String password, long fallbackLimitBytes) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(5000)
                .socketTimeoutMillis(5000).password(password).clientName("loomio-operator-memory-sample").build();
        try (Jedis jedis = new Jedis(new HostAndPort(host, port), config)) {
            String info = jedis.info("memory");
            long used = field(info, "used_memory");
            long max = field(info, "maxmemory");
            return MemoryUsage.of(used, max > 0 ? max : fallbackLimitBytes);
        }
    }

    /**
     * @param info the text of INFO (lines {@code name:value}, Redis' INFO format)
     * @return the field's value
     * @throws redis.clients.jedis.exceptions.JedisDataException when the field is missing or not a number
     */
    static long field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                try {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new redis.clients.jedis.exceptions.JedisDataException("INFO memory has no numeric " + name);
    }
}
