package dev.pistack.loomio.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CurrentOwnerTest {
    private static final String INSTANCE = "uid-of-the-new-instance";
    private static final String DELETED_INSTANCE = "uid-of-the-deleted-instance";

    @Test
    void aChildOfTheInstanceIsCurrentAndALeftOverOfADeletedInstanceOfTheSameNameIsNot() {
        assertThat(CurrentOwner.isCurrent(statefulSet("sts-new", INSTANCE), INSTANCE, none())).isTrue();
        assertThat(CurrentOwner.isCurrent(statefulSet("sts-old", DELETED_INSTANCE), INSTANCE, none())).isFalse();
    }

    @Test
    void aPostgresPodIsCurrentOnlyWhenTheCachedStatefulSetOfItsOwnerUidIsTheInstances() {
        Pod oldPod = pod("sts-old");
        Pod newPod = pod("sts-new");
        Function<String, Optional<StatefulSet>> whileTheOldStatefulSetIsCached = cache(
                statefulSet("sts-old", DELETED_INSTANCE));
        Function<String, Optional<StatefulSet>> afterTheNewOneReplacedIt = cache(statefulSet("sts-new", INSTANCE));

        assertThat(CurrentOwner.isCurrent(oldPod, INSTANCE, whileTheOldStatefulSetIsCached)).isFalse();
        assertThat(CurrentOwner.isCurrent(oldPod, INSTANCE, afterTheNewOneReplacedIt))
                .as("the old pod names the old StatefulSet's uid, which the new StatefulSet of the same name lacks")
                .isFalse();
        assertThat(CurrentOwner.isCurrent(newPod, INSTANCE, afterTheNewOneReplacedIt)).isTrue();
        assertThat(CurrentOwner.isCurrent(newPod, INSTANCE, none()))
                .as("a pod whose StatefulSet the cache does not hold yet")
                .isFalse();
    }

    @Test
    void childrenWithoutAControllerOutliveTheirInstanceAndAreAlwaysCurrent() {
        HasMetadata credentials = new SecretBuilder().withNewMetadata().withName("loomio-credentials").endMetadata()
                .build();
        assertThat(CurrentOwner.isCurrent(credentials, INSTANCE, none())).isTrue();
    }

    private static StatefulSet statefulSet(String uid, String instanceUid) {
        return new StatefulSetBuilder().withNewMetadata().withName("loomio-postgres").withUid(uid)
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("LoomioInstance").withName("loomio")
                        .withUid(instanceUid).withController(true).build())
                .endMetadata().build();
    }

    private static Pod pod(String statefulSetUid) {
        return new PodBuilder().withNewMetadata().withName("loomio-postgres-0")
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("StatefulSet").withName("loomio-postgres")
                        .withUid(statefulSetUid).withController(true).build())
                .endMetadata().build();
    }

    private static Function<String, Optional<StatefulSet>> cache(StatefulSet statefulSet) {
        Map<String, StatefulSet> byName = Map.of(statefulSet.getMetadata().getName(), statefulSet);
        return name -> Optional.ofNullable(byName.get(name));
    }

    private static Function<String, Optional<StatefulSet>> none() {
        return name -> Optional.empty();
    }
}
