package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Arithmetic on Kubernetes quantities (bytes), rounded up to whole MiB so the results read well. */
public final class Quantities {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private Quantities() {
    }

    /** @return a + b as {@code <n>Mi}, rounded up */
    static Quantity sum(String a, String b) {
        return mebibytes(bytes(a).add(bytes(b)));
    }

    /** @return q in whole MiB, rounded up */
    static long toMebibytes(String q) {
        return bytes(q).divide(MIB, 0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * @param q a Kubernetes quantity (256Mi, 1G)
     * @return its value in bytes, rounded up
     * @throws IllegalArgumentException when it is not a quantity
     */
    public static long toBytes(String q) {
        return bytes(q).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal bytes(String q) {
        return Quantity.getAmountInBytes(new Quantity(q));
    }

    private static Quantity mebibytes(BigDecimal bytes) {
        return new Quantity(bytes.divide(MIB, 0, RoundingMode.CEILING).toPlainString() + "Mi");
    }
}
