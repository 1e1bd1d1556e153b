package dev.pistack.loomio.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FernetStreamTest {
    private final Random random = new Random(7);
    private final FernetKey key = FernetKey.generate(new SecureRandom());

    @Test
    void roundTripsLargeInputWrittenInOddChunks() throws IOException {
        byte[] plain = new byte[3 * 1024 * 1024 + 17];
        random.nextBytes(plain);
        byte[] token = encrypt(plain, 1 + random.nextInt(70_000));
        assertThat(new FernetInputStream(new ByteArrayInputStream(token), key).readAllBytes()).isEqualTo(plain);
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        byte[] token = encrypt("a short dump\n".getBytes(), 5);
        for (int cut = 0; cut < token.length; cut++) {
            byte[] shorter = Arrays.copyOf(token, cut);
            assertThatThrownBy(() -> new FernetInputStream(new ByteArrayInputStream(shorter), key).readAllBytes())
                    .as("cut at %d of %d", cut, token.length)
                    .isInstanceOf(FernetException.class);
        }
    }

    @Test
    void everySingleByteChangeIsRefused() throws IOException {
        byte[] token = encrypt("a short dump\n".getBytes(), 5);
        for (int i = 0; i < token.length; i++) {
            byte[] altered = token.clone();
            altered[i] = (byte) (altered[i] == 'A' ? 'B' : 'A');
            if (sameBytes(altered, token)) {
                // The unused low bits of the last base64 character: the token decodes to identical bytes.
                continue;
            }
            assertThatThrownBy(() -> new FernetInputStream(new ByteArrayInputStream(altered), key).readAllBytes())
                    .as("byte %d changed", i).isInstanceOf(FernetException.class);
        }
    }

    @Test
    void anotherKeyFailsAuthentication() throws IOException {
        byte[] token = encrypt("data".getBytes(), 4);
        FernetKey other = FernetKey.generate(new SecureRandom());
        assertThatThrownBy(() -> new FernetInputStream(new ByteArrayInputStream(token), other).readAllBytes())
                .isInstanceOfSatisfying(FernetException.class,
                        e -> assertThat(e.reason()).isEqualTo(FernetException.Reason.AUTHENTICATION_FAILED));
    }

    @Test
    void aTrailingNewlineIsAccepted() throws IOException {
        byte[] token = encrypt("data".getBytes(), 4);
        byte[] withNewline = Arrays.copyOf(token, token.length + 1);
        withNewline[token.length] = '\n';
        assertThat(new FernetInputStream(new ByteArrayInputStream(withNewline), key).readAllBytes())
                .isEqualTo("data".getBytes());
    }

    @Test
    void keysNeverShowInText() {
        FernetKey k = FernetKey.parse(key.encoded());
        assertThat(k.toString()).doesNotContain(key.encoded()).startsWith("FernetKey(sha256:");
        assertThatThrownBy(() -> FernetKey.parse("not-a-key-but-a-secret-value"))
                .hasMessageNotContaining("not-a-key-but-a-secret-value");
    }

    private static boolean sameBytes(byte[] text, byte[] other) {
        try {
            return Arrays.equals(Base64.getUrlDecoder().decode(text), Base64.getUrlDecoder().decode(other));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] encrypt(byte[] plain, int chunk) throws IOException {
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        try (FernetOutputStream out = new FernetOutputStream(token, key, Instant.now(), iv)) {
            for (int off = 0; off < plain.length; off += chunk) {
                out.write(plain, off, Math.min(chunk, plain.length - off));
            }
        }
        return token.toByteArray();
    }
}
