package dev.pistack.loomio.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * An end-to-end test class: it runs on the real node against the operator of {@link OperatorProcess} (the packaged
 * operator as a process on the host, under deploy/rbac.yaml's ServiceAccount), concurrently with the other end-to-end
 * classes and its own test methods. Each test works in its own namespaces ({@link Node#namespace}), so tests do not
 * see each other; a class that touches the whole node or needs the operator to itself adds JUnit's
 * {@code @Isolated}, and runs alone.
 *
 * <p>How many run at once: the failsafe property {@code e2e.parallelism} (pom.xml).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(OperatorProcess.class)
@interface EndToEnd {
    /**
     * @return configuration properties of the operator this class needs, {@code key=value}; a class that sets any is
     *     {@code @Isolated}, since the operator restarts with them for it
     */
    String[] operatorProperties() default {};

    /**
     * @return false when the class deploys an operator of its own (a pod, a Helm release): the host's is stopped
     *     while it runs, so that only one reconciles; such a class is {@code @Isolated}
     */
    boolean operator() default true;
}
