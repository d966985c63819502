/**
 * Per-epoch training history: losses (data and each penalty apart), metrics, per-layer weight
 * statistics, the stop reason and the audit of penalized tensors.
 */
package org.occam.core.history;
