package org.occam.regularizers.testing;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Parameter;

import java.util.ArrayList;
import java.util.List;

/** Hand-built parameter lists shaped like a 2-hidden-layer network's. */
public final class Parameters {
    private Parameters() {}

    /**
     * @param layer the layer name
     * @param shortName weight or bias
     * @param role the role
     * @param output true for the output layer
     * @param rows rows
     * @param values row-major values (copied)
     * @return a parameter with those values and a zero gradient
     */
    public static Parameter of(String layer, String shortName, Parameter.Role role, boolean output, int rows, double... values) {
        return new Parameter(layer, shortName, role, output, new Matrix(rows, values.length / rows, values.clone()));
    }

    /**
     * hidden1 (3×2 weight, 1×3 bias), hidden2 (2×3, 1×2), output (2×2, 1×2), values from a formula
     * so that some rows are long and some short, with both signs.
     * @return the tensors in network order
     */
    public static List<Parameter> network() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(of("hidden1", "weight", Parameter.Role.WEIGHT, false, 3, 3, -4, 0.1, 0.2, -0.5, 2));
        ps.add(of("hidden1", "bias", Parameter.Role.BIAS, false, 1, -7, 8, 0.5));
        ps.add(of("hidden2", "weight", Parameter.Role.WEIGHT, false, 2, 1, 2, -2, -0.3, 0.4, 0));
        ps.add(of("hidden2", "bias", Parameter.Role.BIAS, false, 1, -3, 3));
        ps.add(of("output", "weight", Parameter.Role.WEIGHT, true, 2, -6, 8, 0.5, -0.5));
        ps.add(of("output", "bias", Parameter.Role.BIAS, true, 1, -9, 9));
        return ps;
    }

    /**
     * @param ps parameters
     * @return deep copies of their values
     */
    public static List<double[]> values(List<Parameter> ps) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : ps) {
            out.add(p.value().data().clone());
        }
        return out;
    }

    /**
     * Sets every gradient to the given values.
     * @param ps parameters
     * @param gradients one array per parameter
     */
    public static void setGradients(List<Parameter> ps, List<double[]> gradients) {
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(gradients.get(i), 0, ps.get(i).gradient().data(), 0, gradients.get(i).length);
        }
    }

    /**
     * @param ps parameters
     * @return deep copies of their gradients
     */
    public static List<double[]> gradients(List<Parameter> ps) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : ps) {
            out.add(p.gradient().data().clone());
        }
        return out;
    }

    /**
     * Resolves a constraint's scope against all tensors, as the training loop does once per run,
     * and projects the selected ones.
     * @param c the constraint
     * @param all every tensor of a network
     */
    public static void project(org.occam.core.spi.Constraint c, java.util.List<org.occam.core.nn.Parameter> all) {
        c.project(c.scope().select(c.getClass().getSimpleName(), all));
    }
}
