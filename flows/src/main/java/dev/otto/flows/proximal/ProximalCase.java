package dev.otto.flows.proximal;

/**
 * The four cases of seed paper 2 (MATH.md section 6, "The four cases of the paper"; paper section 5,
 * Table 1) as one switch: whether the kinetic energy (the W2 proximal, weight lambda &gt; 0) and the
 * one-sided gradient penalty (the W1 proximal, weight mu, Lip(g) &lt;= L) are on.
 */
public enum ProximalCase {
    /** lambda = 0, no penalty: a plain f-divergence GAN with a potential-flow generator. */
    UNREGULARISED(false, false),
    /** lambda &gt; 0, no penalty (the case that diverges on manifold-supported data). */
    W2_ONLY(true, false),
    /** lambda = 0, penalty on. */
    W1_ONLY(false, true),
    /** lambda &gt; 0 and penalty on: the paper's well-posed W1/W2 proximal flow. */
    W1_W2(true, true);

    private final boolean kinetic;
    private final boolean penalty;

    ProximalCase(boolean kinetic, boolean penalty) {
        this.kinetic = kinetic;
        this.penalty = penalty;
    }

    /** Whether the generator loss carries lambda * KE. */
    public boolean kinetic() {
        return kinetic;
    }

    /** Whether the discriminator loss carries the gradient penalty. */
    public boolean penalty() {
        return penalty;
    }

    /** Parses names such as "w1_w2", "W1-W2", "w1w2", "w2", "unregularised". */
    public static ProximalCase parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("case: expected one of " + java.util.Arrays.toString(values()) + ", got null");
        }
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        switch (n) {
            case "W1W2", "W1_W2", "W1+W2":
                return W1_W2;
            case "W1", "W1_ONLY":
                return W1_ONLY;
            case "W2", "W2_ONLY":
                return W2_ONLY;
            case "NONE", "UNREGULARISED", "UNREGULARIZED":
                return UNREGULARISED;
            default:
                throw new IllegalArgumentException("case: expected one of " + java.util.Arrays.toString(values())
                        + ", got '" + name + "'");
        }
    }
}
