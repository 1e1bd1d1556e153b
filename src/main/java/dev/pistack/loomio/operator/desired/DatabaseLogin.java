package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * A Postgres role a client logs in as over the network, and the key of the credentials Secret that holds its
 * password. The roles are created by the Postgres pod's {@value PostgresRoles#INIT} init container
 * (postgres-roles.sh); the superuser logs in only over that pod's Unix socket.
 *
 * <p>A Postgres pod of an earlier operator version, still running in RAM mode until its next planned restart
 * (OnDelete), has none of these roles and lets the superuser in over the network: its clients keep the superuser
 * until it restarts, so an upgrade of the operator never locks Loomio or the backups out.
 *
 * @param user the role's name
 * @param passwordKey the key of {@link CredentialsSecret} holding its password
 */
public record DatabaseLogin(String user, String passwordKey) {
    /** Owns the Loomio database and every object in it: Loomio, its migrations, the backups. */
    public static final DatabaseLogin LOOMIO = new DatabaseLogin("loomio", CredentialsSecret.LOOMIO_DATABASE_PASSWORD);
    /** Member of pg_monitor and nothing else: the operator's memory sampler and its size check before RAM mode. */
    public static final DatabaseLogin MONITOR = new DatabaseLogin("loomio_monitor",
            CredentialsSecret.MONITOR_DATABASE_PASSWORD);
    /** The superuser of an earlier version's pod, which accepted it over the network. */
    public static final DatabaseLogin EARLIER_SUPERUSER = new DatabaseLogin(Names.DATABASE_SUPERUSER,
            CredentialsSecret.POSTGRES_PASSWORD);

    /**
     * @param running the Postgres pod as it runs, if any
     * @return true unless a pod runs that an earlier version made, without {@value PostgresRoles#INIT}; with no
     *     pod, the next one is made from the current template, which creates the roles
     */
    public static boolean rolesIn(Optional<Pod> running) {
        return running.map(p -> Optional.ofNullable(p.getSpec().getInitContainers()).orElse(List.of()).stream()
                .map(Container::getName).anyMatch(PostgresRoles.INIT::equals)).orElse(true);
    }

    /** @return what Loomio and the backups log in as, given {@link #rolesIn} */
    public static DatabaseLogin loomio(boolean roles) {
        return roles ? LOOMIO : EARLIER_SUPERUSER;
    }

    /** @return what the operator's sampler logs in as, given {@link #rolesIn} */
    public static DatabaseLogin monitor(boolean roles) {
        return roles ? MONITOR : EARLIER_SUPERUSER;
    }
}
