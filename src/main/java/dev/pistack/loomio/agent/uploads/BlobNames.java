package dev.pistack.loomio.agent.uploads;

import dev.pistack.loomio.agent.crypto.FernetKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;

/**
 * Names blobs by their content: the 64 hex digits of HMAC-SHA256 under a key derived from the backup key ({@link
 * FernetKey#derivedMac}, purpose {@value #PURPOSE}). Equal files share one blob, so a file already stored is never
 * sent again; being keyed, the name tells nobody without the key whether a known file is among the uploads.
 */
public final class BlobNames {
    /** The purpose the naming key is derived for. */
    public static final String PURPOSE = "loomio-uploads-blob-name-v1";
    private static final Pattern BLOB = Pattern.compile("[0-9a-f]{64}");

    private final FernetKey key;

    public BlobNames(FernetKey key) {
        this.key = key;
    }

    /** @return a new MAC to feed a file's bytes to; {@link #name(Mac)} finishes it */
    public Mac mac() {
        return key.derivedMac(PURPOSE);
    }

    /** @return the blob name of the bytes fed to mac */
    public static String name(Mac mac) {
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** @return the blob name of the file's content (reads it once) */
    public String of(Path file) throws IOException {
        Mac mac = mac();
        byte[] buffer = new byte[128 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                mac.update(buffer, 0, n);
            }
        }
        return name(mac);
    }

    /** @return true when the name is a blob's (and not a manifest's or a partial file's) */
    public static boolean isBlobName(String name) {
        return name != null && BLOB.matcher(name).matches();
    }
}
