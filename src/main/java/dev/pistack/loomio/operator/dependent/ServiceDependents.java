package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.Services;
import io.fabric8.kubernetes.api.model.Service;

/** The five ClusterIP Services, sharing the Service informer ({@link ChildEventSources#SERVICES}). */
public final class ServiceDependents {
    private ServiceDependents() {
    }

    /** Postgres on its port 5432. */
    public static class Postgres extends OwnedDependent<Service> {
        public Postgres() {
            super(Service.class, Services::postgres);
        }
    }

    /** Redis on its port 6379. */
    public static class Redis extends OwnedDependent<Service> {
        public Redis() {
            super(Service.class, Services::redis);
        }
    }

    /** The Rails app. */
    public static class App extends OwnedDependent<Service> {
        public App() {
            super(Service.class, Services::app);
        }
    }

    /** The hocuspocus server. */
    public static class Hocuspocus extends OwnedDependent<Service> {
        public Hocuspocus() {
            super(Service.class, Services::hocuspocus);
        }
    }
}
