package dev.otto.cli.commands;

/**
 * The training budgets each family uses when {@code --iterations}, {@code --batch} or {@code --lr}
 * is not given, in one place so that the help lines show the values the code uses. The proximal
 * family's batch and learning rate come from the paper's settings for the data's dimension
 * ({@code ProximalConfig.forDimension}).
 */
final class FamilyDefaults {

    static final int JKO_ITERATIONS = 135;
    static final int JKO_BATCH = 512;
    static final double JKO_LEARNING_RATE = 5e-3;

    static final int INTERP_ITERATIONS = 3000;
    static final int INTERP_BATCH = 256;
    static final double INTERP_LEARNING_RATE = 1e-3;

    static final int PROX_ITERATIONS = 2500;

    private FamilyDefaults() {
    }
}
