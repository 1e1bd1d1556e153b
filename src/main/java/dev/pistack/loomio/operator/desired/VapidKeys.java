package dev.pistack.loomio.operator.desired;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A VAPID key pair for Loomio's web push (3.5+; upstream generates one per installation with the web-push gem's
 * {@code WebPush.generate_key}, deploy/UPGRADING.md "3.5.0 browser push notifications"): an ECDSA P-256 key pair, the
 * public key as the 65-byte uncompressed point and the private key as the 32-byte scalar, each base64url with padding
 * (RFC 8292 section 3.2; the gem's encoding).
 *
 * @param publicKey VAPID_PUBLIC_KEY, 88 characters
 * @param privateKey VAPID_PRIVATE_KEY, 44 characters
 */
public record VapidKeys(String publicKey, String privateKey) {
    private static final int COORDINATE_BYTES = 32;

    /**
     * @param random the source of the private key: a SecureRandom
     * @return a new key pair
     * @throws IllegalStateException when the JDK has no P-256 (every JDK has: SunEC)
     */
    public static VapidKeys generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            byte[] point = new byte[1 + 2 * COORDINATE_BYTES];
            point[0] = 0x04;
            fixed(pub.getW().getAffineX(), point, 1);
            fixed(pub.getW().getAffineY(), point, 1 + COORDINATE_BYTES);
            byte[] scalar = new byte[COORDINATE_BYTES];
            fixed(((ECPrivateKey) pair.getPrivate()).getS(), scalar, 0);
            Base64.Encoder b64 = Base64.getUrlEncoder();
            return new VapidKeys(b64.encodeToString(point), b64.encodeToString(scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ECDSA P-256 in this JDK", e);
        }
    }

    /** Writes n big-endian into exactly 32 bytes of out at offset (a BigInteger may be shorter, or carry a sign byte). */
    private static void fixed(BigInteger n, byte[] out, int offset) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, COORDINATE_BYTES);
        System.arraycopy(b, b.length - len, out, offset + COORDINATE_BYTES - len, len);
    }
}
