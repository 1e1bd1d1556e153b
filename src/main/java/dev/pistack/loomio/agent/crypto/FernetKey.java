package dev.pistack.loomio.agent.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Fernet key (Fernet spec, github.com/fernet/spec): 32 bytes, the 16-byte HMAC-SHA256 signing key followed by the
 * 16-byte AES-128 encryption key, written as 44 base64url characters.
 *
 * <p>{@link #fromSecret} accepts what {@code BACKUP_ENCRYPTION_KEY} holds: a Fernet key is used as is; anything else
 * is a passphrase, turned into a key the way the pi-stack seed system did (PBKDF2-HMAC-SHA256, salt
 * {@code loomio-backup-salt}, 100 000 iterations, 32 bytes) so its backups stay readable. A random key is stronger:
 * with a fixed, public salt one precomputed dictionary attack serves every installation at once.
 */
public final class FernetKey {
    /** The seed system's PBKDF2 salt. */
    static final byte[] SEED_SALT = "loomio-backup-salt".getBytes(StandardCharsets.US_ASCII);
    /** The seed system's PBKDF2 iteration count. */
    static final int SEED_ITERATIONS = 100_000;

    private final byte[] key;

    private FernetKey(byte[] key) {
        this.key = key;
    }

    /**
     * @param text 44 base64url characters encoding 32 bytes
     * @throws IllegalArgumentException when it is not one; the message never repeats the text
     */
    public static FernetKey parse(String text) {
        byte[] raw = decode(text.strip());
        if (raw == null) {
            throw new IllegalArgumentException("not a Fernet key: expected 44 base64url characters encoding 32 bytes");
        }
        return new FernetKey(raw);
    }

    /** @return a key from BACKUP_ENCRYPTION_KEY: a Fernet key as is, anything else through the seed derivation */
    public static FernetKey fromSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no encryption key: set BACKUP_ENCRYPTION_KEY (agent keygen makes one)");
        }
        byte[] raw = decode(secret.strip());
        return raw != null ? new FernetKey(raw) : fromPassphrase(secret);
    }

    /** @return the key the seed system derives from this passphrase (UTF-8, PBKDF2-HMAC-SHA256, see class doc) */
    public static FernetKey fromPassphrase(String passphrase) {
        PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), SEED_SALT, SEED_ITERATIONS, 256);
        try {
            byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new FernetKey(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** @return a new random key */
    public static FernetKey generate(SecureRandom random) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return new FernetKey(raw);
    }

    /** @return the key as 44 base64url characters; only for {@code keygen}, never for logs */
    public String encoded() {
        return Base64.getUrlEncoder().encodeToString(key);
    }

    /** @return a short public identifier, {@code sha256:<first 16 hex digits of SHA-256(key)>}, safe to log */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HMAC-SHA256 for another use of this key: keyed with HMAC-SHA256(whole 32-byte key, purpose as UTF-8), so it
     * reveals nothing of the Fernet key and a different purpose gives an unrelated MAC.
     *
     * @param purpose what the MAC is for, e.g. {@code loomio-uploads-blob-name-v1}
     */
    public Mac derivedMac(String purpose) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key, "HmacSHA256"));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    /** @return HMAC-SHA256 keyed with the signing half */
    Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Arrays.copyOfRange(key, 0, 16), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    /**
     * @param mode Cipher.ENCRYPT_MODE or Cipher.DECRYPT_MODE
     * @param iv the token's 16-byte IV
     * @return AES-128-CBC with PKCS7 padding, keyed with the encryption half
     */
    Cipher cipher(int mode, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(Arrays.copyOfRange(key, 16, 32), "AES"), new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is part of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "FernetKey(" + fingerprint() + ")";
    }

    private static byte[] decode(String text) {
        if (text.length() != 44) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(text);
            return raw.length == 32 ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
