package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The last init container of every Postgres pod ({@value #INIT}, postgres-roles.sh with {@code spec.postgres.image}):
 * initializes an empty PGDATA, then creates the roles of {@link DatabaseLogin}, makes {@code loomio} the owner of the
 * Loomio database and of every object in it (a database restored or kept from an earlier version included), creates
 * the extensions Loomio's schema enables, and writes pg_hba.conf so the superuser logs in over the pod's Unix socket
 * only. It runs at every start, so a changed password or an earlier version's data is set right before the server
 * accepts a connection.
 */
public final class PostgresRoles {
    public static final String INIT = "database-roles";
    private static final String SCRIPT = ShellScripts.load("postgres-roles.sh");

    private PostgresRoles() {
    }

    /**
     * @param server the Postgres container, whose image, environment, resources and mounts the init container
     *     shares
     */
    static Container initContainer(Container server, String credentialsSecret) {
        List<EnvVar> env = new ArrayList<>(server.getEnv());
        env.add(new EnvVarBuilder().withName("DATA").withValue(PostgresStatefulSet.DATA_MOUNT).build());
        for (DatabaseLogin login : List.of(DatabaseLogin.LOOMIO, DatabaseLogin.MONITOR)) {
            env.add(new EnvVarBuilder().withName(login.passwordKey()).withNewValueFrom()
                    .withNewSecretKeyRef(login.passwordKey(), credentialsSecret, false).endValueFrom().build());
        }
        return new ContainerBuilder()
                .withName(INIT)
                .withImage(server.getImage())
                .withImagePullPolicy(server.getImagePullPolicy())
                .withCommand("sh", "-c", SCRIPT)
                .withEnv(env)
                .withResources(server.getResources())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(server.getSecurityContext())
                .withVolumeMounts(server.getVolumeMounts())
                .build();
    }
}
