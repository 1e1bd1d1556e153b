package dev.pistack.loomio.agent;

import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.s3.S3Server;
import java.util.Map;
import java.util.TreeMap;

/**
 * For {@code hack/bench-backup.sh}: starts the fake Drive and a real S3 server (versitygw) on loopback, prints their
 * settings as {@code export KEY='value'} lines and then {@code # ready}, and stops both when stdin closes.
 */
public final class OffsiteServers {
    private OffsiteServers() {
    }

    public static void main(String[] args) throws Exception {
        try (FakeDrive drive = new FakeDrive(); S3Server s3 = new S3Server()) {
            Map<String, String> env = new TreeMap<>(drive.oauthEnv());
            env.putAll(s3.env(s3.createBucket("bench-backups")));
            env.forEach((k, v) -> System.out.println("export " + k + "='" + v + "'"));
            System.out.println("# ready");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
