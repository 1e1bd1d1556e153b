package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.crypto.FernetKey;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand that works on backups shares: the environment, the targets' options, the output. */
abstract class TargetCommand implements Callable<Integer> {
    @ParentCommand
    AgentCommand agent;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    private FernetKey key;

    /** @return BACKUP_ENCRYPTION_KEY's key, derived once: a passphrase costs 100 000 PBKDF2 iterations */
    FernetKey key() {
        if (key == null) {
            key = StoreOptions.key(env());
        }
        return key;
    }

    Map<String, String> env() {
        return agent.env;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
