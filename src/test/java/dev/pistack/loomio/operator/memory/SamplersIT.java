package dev.pistack.loomio.operator.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The samplers against a real PostgreSQL (hack/postgres.sh; PGHOST, PGPORT, PGUSER, PGPASSWORD) and a real Redis
 * (hack/redis.sh; REDIS_PORT): their figures grow as data is inserted, and a wrong password or a closed port is an
 * error that holds no secret.
 */
class SamplersIT {
    private static final long MIB = 1024 * 1024;
    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432"));
    private static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("PGPASSWORD", "postgres");
    private static final int REDIS_PORT = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6390"));

    @Test
    void theDatabaseFigureGrowsByWhatATableTakes() throws Exception {
        String db = "memory_" + UUID.randomUUID().toString().substring(0, 8);
        execute("postgres", "CREATE DATABASE " + db);
        try {
            long before = PostgresFill.usedBytes(HOST, PORT, USER, PASSWORD);
            execute(db, "CREATE TABLE filler AS SELECT g AS id, repeat(md5(g::text), 16) AS pad"
                    + " FROM generate_series(1, 40000) g");
            long table = query(db, "SELECT pg_total_relation_size('filler')");
            long after = PostgresFill.usedBytes(HOST, PORT, USER, PASSWORD);
            assertThat(table).isGreaterThan(20 * MIB);
            assertThat(after - before).as("growth for a %d-byte table", table)
                    .isGreaterThanOrEqualTo(table).isLessThan(table + 64 * MIB);
        } finally {
            execute("postgres", "DROP DATABASE " + db);
        }
    }

    @Test
    void aWrongPasswordFailsWithoutSayingIt() {
        assertThatThrownBy(() -> PostgresFill.usedBytes(HOST, PORT, USER, "not-the-password-4711"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password-4711"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void theRedisFigureGrowsAgainstItsMaxmemory() {
        try (Jedis jedis = new Jedis("127.0.0.1", REDIS_PORT)) {
            jedis.flushAll();
            MemoryUsage before = RedisFill.usage("127.0.0.1", REDIS_PORT, null, 1);
            assertThat(before.limitBytes()).as("hack/redis.sh sets maxmemory 64mb").isEqualTo(64 * MIB);
            String value = "x".repeat(1024);
            for (int i = 0; i < 10_000; i++) {
                jedis.set("memory-it:" + i, value);
            }
            MemoryUsage after = RedisFill.usage("127.0.0.1", REDIS_PORT, null, 1);
            assertThat(after.usedBytes() - before.usedBytes()).isGreaterThan(10 * MIB);
            assertThat(after.percent()).isGreaterThan(before.percent());
            jedis.flushAll();
        }
    }

    /**
     * A Redis started as the operator's StatefulSet starts it (the password from standard input): the sampler reads
     * it with the password; without it Redis answers NOAUTH, and the error does not hold the password.
     */
    @Test
    void aRedisWithAPasswordIsReadWithItAndRefusesWithoutIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String password = "pw-" + UUID.randomUUID();
        ProcessBuilder start = new ProcessBuilder("sh", "-c", RedisStatefulSet.START, "redis-server", "--port",
                Integer.toString(port), "--save", "", "--appendonly", "no", "--maxmemory", "8mb")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        start.environment().put(CredentialsSecret.REDIS_PASSWORD, password);
        Process redis = start.start();
        try {
            int listeningPort = port;
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                new Socket("127.0.0.1", listeningPort).close();
                return true;
            });
            assertThat(RedisFill.usage("127.0.0.1", port, password, 1).limitBytes()).isEqualTo(8 * MIB);
            assertThatThrownBy(() -> RedisFill.usage("127.0.0.1", listeningPort, null, 1))
                    .isInstanceOf(JedisException.class).hasMessageContaining("NOAUTH");
            assertThatThrownBy(() -> RedisFill.usage("127.0.0.1", listeningPort, "wrong-" + password, 1))
                    .isInstanceOf(JedisException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
        } finally {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void aRedisThatDoesNotAnswerIsAnError() {
        assertThatThrownBy(() -> RedisFill.usage("127.0.0.1", 1, null, 1)).isInstanceOf(JedisException.class);
    }

    private static void execute(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long query(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + db, p);
    }
}
