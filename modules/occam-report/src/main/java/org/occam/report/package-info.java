/**
 * Evaluation reports read from run records: the run report (verdict, metrics, learning curves,
 * weights, decision boundary or regression plots), the sweep report (metrics, gap, weight norm
 * and sparsity against λ, boundaries across λ, the chosen setting) and the comparison of runs —
 * static HTML with PNG plots drawn by XChart, and a Markdown twin. Depends on the experiments
 * module's records, never the other way: the experiments module finds {@link org.occam.report.HtmlReportHook}
 * through {@link java.util.ServiceLoader}.
 */
package org.occam.report;
