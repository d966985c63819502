/**
 * {@code occam tune}: the seed notes' λ guide as a procedure — start at λ₀, read the overfitting
 * verdict on cross-validation evidence, move λ by factors of 10 until the verdict changes or a bound
 * is hit, refine on a log scale, choose by the one-standard-error rule, refit once and report test
 * metrics. Every evaluated λ is an ordinary cross-validation sweep.
 */
package org.occam.report.tune;
