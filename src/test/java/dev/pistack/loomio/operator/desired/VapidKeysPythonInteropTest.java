package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The generated VAPID keys as a web-push library reads them: Python's {@code cryptography} (what py-vapid builds on)
 * derives the public point from the private scalar and encodes it as an uncompressed X9.62 point, which must equal
 * the public key generated beside it. .ci/run installs the package; without it this test fails.
 */
class VapidKeysPythonInteropTest {
    private static final String DERIVE_PUBLIC = """
            import base64, sys
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.hazmat.primitives import serialization
            scalar = int.from_bytes(base64.urlsafe_b64decode(sys.argv[1]), 'big')
            key = ec.derive_private_key(scalar, ec.SECP256R1())
            point = key.public_key().public_bytes(serialization.Encoding.X962,
                                                  serialization.PublicFormat.UncompressedPoint)
            print(base64.urlsafe_b64encode(point).decode())
            """;

    @Test
    void pythonDerivesThePublicKeyFromThePrivateOne() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int n = 0; n < 20; n++) {
            VapidKeys keys = VapidKeys.generate(random);
            assertThat(keys.publicKey()).hasSize(88);
            assertThat(keys.privateKey()).hasSize(44);
            assertThat(Base64.getUrlDecoder().decode(keys.publicKey())).hasSize(65).startsWith((byte) 0x04);
            Process p = new ProcessBuilder("python3", "-c", DERIVE_PUBLIC, keys.privateKey()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(err).isZero();
            assertThat(out).isEqualTo(keys.publicKey());
        }
    }
}
