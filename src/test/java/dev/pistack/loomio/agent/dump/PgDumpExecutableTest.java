package dev.pistack.loomio.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pg_dump of the server's major, in Debian's layout of several client majors side by side. */
class PgDumpExecutableTest {
    @TempDir
    Path clients;

    private void install(int major) throws IOException {
        Path bin = Files.createDirectories(clients.resolve(major + "/bin"));
        Files.createFile(bin.resolve("pg_dump"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    void eachServerMajorGetsItsOwnPgDump() throws IOException {
        install(15);
        install(17);
        assertThat(PgDumpExecutable.forMajor(15, clients)).isEqualTo(clients + "/15/bin/pg_dump");
        assertThat(PgDumpExecutable.forMajor(17, clients)).isEqualTo(clients + "/17/bin/pg_dump");
    }

    @Test
    void aMajorWithoutItsPgDumpIsRefusedNamingTheOnesThere() throws IOException {
        install(15);
        install(17);
        assertThatThrownBy(() -> PgDumpExecutable.forMajor(16, clients)).isInstanceOf(IOException.class)
                .hasMessageContaining("PostgreSQL 16").hasMessageContaining("[15, 17]")
                .hasMessageContaining("postgresql-client-16");
    }
}
