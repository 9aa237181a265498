/**
 * Data distributions for training and evaluating flows (MATH.md sections 4-7): the FFJORD 2-D toy
 * sets ({@link dev.otto.flows.data.Datasets}, by name), Gaussian mixtures with exact log-density
 * and score (section 5, {@link dev.otto.flows.data.GaussianMixture}), zero-padding into R^D for
 * manifold-supported targets (section 6, {@link dev.otto.flows.data.Embedding}), pictures as 2-D
 * densities ({@link dev.otto.flows.data.ImageDensity}), the 8x8 digits and seeded train/test splits.
 *
 * <p>Every sampler draws only from the {@link java.util.random.RandomGenerator} it is given.
 *
 * <p>Attribution. {@link dev.otto.flows.data.Digits} ships a copy of "Optical Recognition of
 * Handwritten Digits" (UCI Machine Learning Repository, test part), created by E. Alpaydin and
 * C. Kaynak (1998), licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); see
 * {@code dev/otto/flows/data/NOTICE.md} next to the resource.
 */
package dev.otto.flows.data;
