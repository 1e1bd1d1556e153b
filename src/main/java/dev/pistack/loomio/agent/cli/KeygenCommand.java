package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.crypto.FernetKey;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code agent keygen}: prints a new random Fernet key for BACKUP_ENCRYPTION_KEY. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Prints a new random key (44 base64url characters) for BACKUP_ENCRYPTION_KEY.")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(FernetKey.generate(new SecureRandom()).encoded());
        return 0;
    }
}
