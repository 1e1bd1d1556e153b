package dev.pistack.loomio.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The official Fernet test vectors (../shared/testdata/fernet-spec, github.com/fernet/spec). */
class FernetSpecTest {
    private static final Path VECTORS = Path.of("../shared/testdata/fernet-spec");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void generateMatchesTheVectorByteForByte() throws IOException {
        for (JsonNode v : JSON.readTree(VECTORS.resolve("generate.json").toFile())) {
            byte[] iv = new byte[16];
            for (int i = 0; i < 16; i++) {
                iv[i] = (byte) v.get("iv").get(i).asInt();
            }
            ByteArrayOutputStream token = new ByteArrayOutputStream();
            try (FernetOutputStream out = new FernetOutputStream(token, FernetKey.parse(v.get("secret").asText()),
                    OffsetDateTime.parse(v.get("now").asText()).toInstant(), iv)) {
                out.write(v.get("src").asText().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(token.toString(StandardCharsets.US_ASCII)).isEqualTo(v.get("token").asText());
        }
    }

    @Test
    void verifyDecryptsTheVector() throws IOException {
        for (JsonNode v : JSON.readTree(VECTORS.resolve("verify.json").toFile())) {
            FernetInputStream in = open(v);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(v.get("src").asText());
            assertThat(withinTtl(in.timestamp(), v)).isTrue();
        }
    }

    @TestFactory
    List<DynamicTest> everyInvalidVectorIsRefused() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : JSON.readTree(VECTORS.resolve("invalid.json").toFile())) {
            String desc = v.get("desc").asText();
            tests.add(DynamicTest.dynamicTest(desc, () -> {
                if (desc.contains("TTL") || desc.contains("clock skew")) {
                    // The agent does not expire backups (they are meant to be old); the token itself is sound and
                    // its timestamp, read here, is what the spec's time rule refuses.
                    FernetInputStream in = open(v);
                    in.readAllBytes();
                    assertThat(withinTtl(in.timestamp(), v)).isFalse();
                } else {
                    assertThatThrownBy(() -> open(v).readAllBytes()).isInstanceOf(FernetException.class);
                }
            }));
        }
        return tests;
    }

    private static FernetInputStream open(JsonNode v) throws IOException {
        return new FernetInputStream(
                new ByteArrayInputStream(v.get("token").asText().getBytes(StandardCharsets.US_ASCII)),
                FernetKey.parse(v.get("secret").asText()));
    }

    /** The spec's time rule: not older than ttl_sec, and at most 60 s in the future. */
    private static boolean withinTtl(Instant tokenTime, JsonNode v) {
        Instant now = OffsetDateTime.parse(v.get("now").asText()).toInstant();
        return !tokenTime.plus(Duration.ofSeconds(v.get("ttl_sec").asLong())).isBefore(now)
                && !tokenTime.isAfter(now.plusSeconds(60));
    }
}
