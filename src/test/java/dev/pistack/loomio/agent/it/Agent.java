package dev.pistack.loomio.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.agent.cli.AgentCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the agent's command line in this JVM and captures its JSON summary. */
final class Agent {
    /**
     * @param exit the exit status
     * @param summary the last JSON line printed, or null
     */
    record Result(int exit, JsonNode summary, String stdout, String stderr) {
    }

    private Agent() {
    }

    static synchronized Result run(Map<String, String> env, String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            exit = AgentCommand.run(args, env);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String stdout = o.toString(StandardCharsets.UTF_8);
        JsonNode summary = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                summary = new ObjectMapper().readTree(line);
            }
        }
        return new Result(exit, summary, stdout, e.toString(StandardCharsets.UTF_8));
    }
}
