package dev.pistack.loomio.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void aChildGetsTheConnectionAndWhatLibpqReadsButNeitherTheKeyNorTheDriveCredentials() {
        Map<String, String> agent = new HashMap<>(Map.of(
                "PATH", "/usr/bin", "LC_ALL", "C.UTF-8", "PGSSLMODE", "require",
                "BACKUP_ENCRYPTION_KEY", "secret-key", "GDRIVE_CLIENT_SECRET", "drive-secret",
                "DB_PASSWORD", "db-secret", "PGPASSWORD", "stale"));
        Database db = Database.fromEnvironment(agent);

        db.applyTo(agent);

        assertThat(agent).containsEntry("PATH", "/usr/bin").containsEntry("LC_ALL", "C.UTF-8")
                .containsEntry("PGSSLMODE", "require").containsEntry("PGPASSWORD", "db-secret")
                .containsEntry("PGDATABASE", "loomio_production")
                .doesNotContainKeys("BACKUP_ENCRYPTION_KEY", "GDRIVE_CLIENT_SECRET", "DB_PASSWORD");
    }
}
