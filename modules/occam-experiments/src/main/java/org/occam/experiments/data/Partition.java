package org.occam.experiments.data;

/**
 * Row indices of a train / validation / test split, each in increasing order.
 * @param train training rows
 * @param validation validation rows (may be empty)
 * @param test test rows (may be empty)
 */
public record Partition(int[] train, int[] validation, int[] test) {}
