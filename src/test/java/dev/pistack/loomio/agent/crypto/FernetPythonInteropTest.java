package dev.pistack.loomio.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with Python's {@code cryptography} package, the library the seed system used: what the agent writes Python
 * reads, and the reverse, with a raw key and with the seed system's passphrase derivation. .ci/run installs the
 * package; without it these tests fail (they are never skipped).
 */
class FernetPythonInteropTest {
    private static final String PASSPHRASE = "correct horse battery staple";
    /** The seed system's key derivation, in Python, as pi-stack's backup script did it. */
    private static final String PY_KEY = """
            import base64, sys
            from cryptography.fernet import Fernet
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
            def key(secret):
                if len(secret) == 44:
                    return secret.encode()
                kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b'loomio-backup-salt', iterations=100000)
                return base64.urlsafe_b64encode(kdf.derive(secret.encode()))
            f = Fernet(key(sys.argv[2]))
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasCryptography() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import cryptography").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as("python3 with the cryptography package (pip install cryptography; .ci/run does)")
                .isZero();
    }

    @Test
    void pythonDecryptsWhatTheAgentWritesWithARawKey() throws Exception {
        javaToPython(FernetKey.generate(new SecureRandom()).encoded());
    }

    @Test
    void pythonDecryptsWhatTheAgentWritesWithAPassphrase() throws Exception {
        javaToPython(PASSPHRASE);
    }

    @Test
    void theAgentDecryptsWhatPythonWritesWithARawKey() throws Exception {
        pythonToJava(FernetKey.generate(new SecureRandom()).encoded());
    }

    @Test
    void theAgentDecryptsWhatPythonWritesWithAPassphrase() throws Exception {
        pythonToJava(PASSPHRASE);
    }

    private void javaToPython(String secret) throws Exception {
        byte[] plain = payload();
        Path token = dir.resolve("token");
        try (FernetOutputStream out = new FernetOutputStream(Files.newOutputStream(token), FernetKey.fromSecret(secret),
                Instant.now(), new SecureRandom().generateSeed(16))) {
            out.write(plain);
        }
        Path decrypted = dir.resolve("decrypted");
        python(PY_KEY + "open(sys.argv[3], 'wb').write(f.decrypt(open(sys.argv[1], 'rb').read()))",
                token, secret, decrypted);
        assertThat(Files.readAllBytes(decrypted)).isEqualTo(plain);
    }

    private void pythonToJava(String secret) throws Exception {
        byte[] plain = payload();
        Path source = dir.resolve("plain");
        Files.write(source, plain);
        Path token = dir.resolve("token");
        python(PY_KEY + "open(sys.argv[3], 'wb').write(f.encrypt(open(sys.argv[1], 'rb').read()))",
                source, secret, token);
        try (FernetInputStream in = new FernetInputStream(Files.newInputStream(token), FernetKey.fromSecret(secret))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    private static byte[] payload() {
        byte[] plain = new byte[300_000];
        new Random(3).nextBytes(plain);
        return plain;
    }

    private static void python(String script, Path in, String secret, Path out)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script, in.toString(), secret, out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("python3 said: %s", output).isZero();
    }
}
