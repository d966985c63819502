package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.regularizers.penalty.DecoupledWeightDecay;
import org.occam.regularizers.penalty.ElasticNet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of one penalty for a run record, read from its provenance so third-party penalties
 * are described too: type, λ (or λ₁ and λ₂), convention, scope settings, and the effective
 * per-step coefficient c that the convention gives for this run's n and batch size.
 * @param type the class's simple name
 * @param name the name the training history uses (type, with #k for repeats)
 * @param settings every configured field, as text
 * @param lambda the λ (NaN when the penalty has none; for an elastic net set by ratio or by its
 *               defaults, the total λ₁ + λ₂)
 * @param convention the convention name, or null
 * @param coefficients effective coefficient per λ field, for n training rows and full batches; for
 *                     an elastic net the coefficients of its two terms, {@code l1Lambda} (c₁ of
 *                     Σ|w|) and {@code l2Lambda} (c₂ of Σw²)
 * @param trainingRows n, the training-set size the DATASET convention divides by
 * @param batchSize b, the full minibatch size the SKLEARN convention divides by
 * @param effective the formula, c on a full batch and c on the epoch's last batch, as the training
 *                  loop applied them (see {@link EffectiveCoefficient}); null for a penalty with
 *                  neither a convention nor a decoupled λ
 */
public record PenaltyInfo(String type, String name, Map<String, String> settings, double lambda, String convention,
                          Map<String, Double> coefficients, int trainingRows, int batchSize, EffectiveCoefficient effective) {

    /** What Occam's own training loop does on an epoch's last minibatch. */
    static final String OWN_SIZE_RULE = "Occam's training loop gives each minibatch its own row count as b, "
            + "so the last minibatch of r rows uses b = r";
    /** What a Tribuo trainer with PenalizedOptimiser does on an epoch's last minibatch. */
    static final String FIXED_SIZE_RULE = "Tribuo's training loop passes no batch size; PenalizedOptimiser uses "
            + "its configured b for every minibatch, the last one of r rows included";

    /**
     * @param penalties the trainer's penalties, in order
     * @param trainingRows n
     * @param batchSize b of a full minibatch
     * @return one info per penalty
     */
    public static List<PenaltyInfo> describe(List<Penalty> penalties, int trainingRows, int batchSize) {
        List<ConfiguredObjectProvenance> provenances = new ArrayList<>();
        penalties.forEach(p -> provenances.add(p.getProvenance()));
        return describeProvenances(provenances, trainingRows, batchSize, true);
    }

    /**
     * Finds every penalty configured anywhere inside a trainer's provenance (e.g. inside Tribuo's
     * trainers through {@code PenalizedOptimiser}), in provenance order.
     * @param trainer the trainer's provenance
     * @param trainingRows n
     * @param batchSize b
     * @return one info per penalty found
     */
    public static List<PenaltyInfo> find(com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance trainer, int trainingRows, int batchSize) {
        List<ConfiguredObjectProvenance> found = new ArrayList<>();
        collect(trainer, found);
        return describeProvenances(found, trainingRows, batchSize, false);
    }

    private static void collect(Provenance p, List<ConfiguredObjectProvenance> found) {
        if (p instanceof ConfiguredObjectProvenance && isPenalty(((ConfiguredObjectProvenance) p).getClassName())) {
            found.add((ConfiguredObjectProvenance) p);
            return;
        }
        if (p instanceof com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance) {
            for (var pair : (com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance) p) {
                collect(pair.getB(), found);
            }
        } else if (p instanceof ListProvenance) {
            for (Object o : ((ListProvenance<?>) p).getList()) {
                if (o instanceof Provenance) {
                    collect((Provenance) o, found);
                }
            }
        }
    }

    private static boolean isPenalty(String className) {
        try {
            return Penalty.class.isAssignableFrom(Class.forName(className, false, PenaltyInfo.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static List<PenaltyInfo> describeProvenances(List<ConfiguredObjectProvenance> provenances, int trainingRows, int batchSize,
                                                         boolean lastBatchOwnSize) {
        int lastBatch = lastBatchSize(trainingRows, batchSize);
        int lastBatchDivisor = lastBatchOwnSize ? lastBatch : batchSize;
        String rule = lastBatchOwnSize ? OWN_SIZE_RULE : FIXED_SIZE_RULE;
        List<PenaltyInfo> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (ConfiguredObjectProvenance prov : provenances) {
            String type = prov.getClassName().substring(prov.getClassName().lastIndexOf('.') + 1);
            int k = seen.merge(type, 1, Integer::sum);
            Map<String, String> settings = new LinkedHashMap<>();
            for (Map.Entry<String, Provenance> e : prov.getConfiguredParameters().entrySet()) {
                settings.put(e.getKey(), text(e.getValue()));
            }
            String convention = settings.get("convention");
            double lambda = number(settings.get("lambda"));
            Map<String, Double> coefficients = new LinkedHashMap<>();
            Map<String, Double> last = new LinkedHashMap<>();
            EffectiveCoefficient effective = null;
            if (prov.getClassName().equals(ElasticNet.class.getName()) && convention != null) {
                // Its terms are weighted by λ₁ = ρλ and λ₂ = (1 − ρ)λ (or l1Lambda, l2Lambda; or the
                // defaults λ = 0.01, ρ = 0.5 when nothing is set), never by λ itself.
                LambdaConvention c = LambdaConvention.valueOf(convention);
                double l1 = number(settings.get("l1Lambda"));
                double l2 = number(settings.get("l2Lambda"));
                if (Double.isNaN(l1)) {
                    double total = Double.isNaN(lambda) ? 0.01 : lambda;
                    double rho = Double.isNaN(number(settings.get("l1Ratio"))) ? 0.5 : number(settings.get("l1Ratio"));
                    l1 = rho * total;
                    l2 = (1 - rho) * total;
                    lambda = total;
                }
                coefficients.put("l1Lambda", c.coefficient(l1, trainingRows, batchSize));
                coefficients.put("l2Lambda", c.coefficient(l2, trainingRows, batchSize));
                last.put("l1Lambda", c.coefficient(l1, trainingRows, lastBatchDivisor));
                last.put("l2Lambda", c.coefficient(l2, trainingRows, lastBatchDivisor));
                effective = new EffectiveCoefficient(formula(c), coefficients, lastBatch, last, rule);
            } else if (convention != null) {
                LambdaConvention c = LambdaConvention.valueOf(convention);
                for (String field : List.of("lambda", "l1Lambda", "l2Lambda")) {
                    double v = number(settings.get(field));
                    if (!Double.isNaN(v)) {
                        coefficients.put(field, c.coefficient(v, trainingRows, batchSize));
                        last.put(field, c.coefficient(v, trainingRows, lastBatchDivisor));
                    }
                }
                effective = new EffectiveCoefficient(formula(c), coefficients, lastBatch, last, rule);
            } else if (prov.getClassName().equals(DecoupledWeightDecay.class.getName()) && !Double.isNaN(lambda)) {
                // No loss term: the shrink per step is η·λ whatever the batch, so λ is what it applies.
                effective = new EffectiveCoefficient(DECOUPLED_FORMULA, Map.of("lambda", lambda), lastBatch,
                        Map.of("lambda", lambda), "the shrink does not depend on the batch size");
            }
            out.add(new PenaltyInfo(type, k == 1 ? type : type + "#" + k, settings, lambda, convention, coefficients, trainingRows, batchSize, effective));
        }
        return out;
    }

    /** The formula of a decoupled weight decay's per-step shrink. */
    static final String DECOUPLED_FORMULA = "w ← (1 − η·λ)·w at each step, before or after the optimizer's update as its "
            + "order setting says (decoupled: no loss term; η = that step's learning rate)";

    /**
     * @param c a convention
     * @return how it turns λ into the coefficient c of Σw² (L2) or Σ|w| (L1) added to the minibatch mean loss
     */
    static String formula(LambdaConvention c) {
        return switch (c) {
            case DATASET -> "c = λ/(2·n)";
            case KERAS -> "c = λ";
            case SKLEARN -> "c = λ/(2·b)";
            case PYTORCH -> "c = λ/2";
        };
    }

    /**
     * @param n training rows
     * @param b full minibatch size
     * @return the rows of an epoch's last minibatch: n − (⌈n/b⌉ − 1)·b (n mod b, or b when b divides
     *         n; n itself when n &lt; b); 0 without rows
     */
    static int lastBatchSize(int n, int b) {
        if (n <= 0 || b <= 0) {
            return 0;
        }
        int batches = (n + b - 1) / b;
        return n - (batches - 1) * b;
    }

    private static String text(Provenance p) {
        if (p instanceof PrimitiveProvenance) {
            return String.valueOf(((PrimitiveProvenance<?>) p).getValue());
        }
        if (p instanceof ListProvenance) {
            List<String> items = new ArrayList<>();
            for (Object o : ((ListProvenance<?>) p).getList()) {
                items.add(o instanceof Provenance ? text((Provenance) o) : String.valueOf(o));
            }
            return items.toString();
        }
        return p.toString();
    }

    private static double number(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
