package dev.pistack.loomio;

import dev.pistack.loomio.agent.cli.AgentCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, two programs: {@code agent <subcommand>} runs the backup agent (plain Java, no Quarkus start-up,
 * no Kubernetes connection); anything else runs the operator.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("agent")) {
            System.exit(AgentCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        Quarkus.run(args);
    }
}
