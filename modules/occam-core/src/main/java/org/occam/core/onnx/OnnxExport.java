package org.occam.core.onnx;

import ai.onnx.proto.OnnxMl;
import org.occam.core.model.AbstractMLPModel;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Exports a whole saved model to ONNX: an Occam MLP model, or (as {@code occam run} saves it)
 * Tribuo's {@link TransformedModel} around one, whose per-feature transformations (the
 * standardization x ↦ (x − mean)/std fitted on the training rows) become the first step of the
 * graph. The graph has one float input {@code input} (batch × features, in feature-id order: a
 * feature an example lacks is 0, as Tribuo's densifying transform trainer and
 * {@code ONNXExternalModel} have it) and one float output {@code output}; the ONNX metadata
 * carries the provenance of the model given, as Tribuo's {@link ONNXExportable#buildModel} writes it,
 * and the column names ({@link OnnxGraphs#withColumnNames}).
 */
public final class OnnxExport {
    private static final double AFFINE_TOLERANCE = 1e-9;

    private OnnxExport() {}

    /**
     * @param model an Occam MLP model, or a densifying {@link TransformedModel} around one
     * @param domain the ONNX model's domain
     * @param modelVersion the ONNX model's version
     * @return the ONNX model
     * @throws IllegalArgumentException if the model, a transformation or a layer cannot be exported (naming it)
     */
    public static OnnxMl.ModelProto export(Model<?> model, String domain, long modelVersion) {
        if (model instanceof AbstractMLPModel) {
            return ((AbstractMLPModel<?>) model).exportONNXModel(domain, modelVersion);
        }
        if (!(model instanceof TransformedModel) || !(((TransformedModel<?>) model).getInnerModel() instanceof AbstractMLPModel)) {
            String type = model instanceof TransformedModel
                    ? model.getClass().getName() + " around " + ((TransformedModel<?>) model).getInnerModel().getClass().getName()
                    : model.getClass().getName();
            throw new IllegalArgumentException("model '" + model.getName() + "' (" + type
                    + ") cannot be exported to ONNX: expected an Occam MLP model, or a TransformedModel around one");
        }
        TransformedModel<?> transformed = (TransformedModel<?>) model;
        if (!transformed.getDensify()) {
            throw new IllegalArgumentException("model '" + model.getName() + "' transforms only the features an example "
                    + "has (densify = false), which a dense ONNX input cannot express; train it with densify = true");
        }
        AbstractMLPModel<?> mlp = (AbstractMLPModel<?>) transformed.getInnerModel();
        ImmutableFeatureMap features = mlp.getFeatureIDMap();
        int n = features.size();
        double[] scale = new double[n];
        double[] shift = new double[n];
        TransformerMap transformers = transformed.getTransformerMap();
        for (int id = 0; id < n; id++) {
            String feature = features.get(id).getName();
            List<Transformer> list = transformers.get(feature);
            if (list == null || list.isEmpty()) {
                scale[id] = 1.0;
                continue;
            }
            shift[id] = TransformerMap.applyTransformerList(0.0, list);
            scale[id] = TransformerMap.applyTransformerList(1.0, list) - shift[id];
            for (double x : new double[]{-1.0, 2.0, 10.0}) {
                double expected = scale[id] * x + shift[id];
                double actual = TransformerMap.applyTransformerList(x, list);
                if (!(Math.abs(actual - expected) <= AFFINE_TOLERANCE * (1 + Math.abs(expected)))) {
                    throw new IllegalArgumentException("feature '" + feature + "': its transformation " + list
                            + " is not affine, so it cannot be exported to ONNX");
                }
            }
        }
        ONNXContext context = new ONNXContext();
        context.setName(mlp.getClass().getSimpleName());
        ONNXPlaceholder input = context.floatInput("input", n);
        ONNXPlaceholder output = context.floatOutput("output", mlp.getOutputIDInfo().size());
        ONNXRef<?> standardized = OnnxGraphs.affine(input, "feature_standardization", scale, shift);
        mlp.writeONNXGraph(standardized).assignTo(output);
        return OnnxGraphs.withColumnNames(ONNXExportable.buildModel(context, domain, modelVersion, transformed),
                mlp.featureNames(), mlp.onnxOutputNames());
    }

    /**
     * Writes {@link #export} to a file, through a temporary file moved into place (nothing is left
     * behind on failure).
     * @param model the model
     * @param domain the ONNX model's domain
     * @param modelVersion the ONNX model's version
     * @param file the target file
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the model cannot be exported
     */
    public static void save(Model<?> model, String domain, long modelVersion, Path file) throws IOException {
        OnnxMl.ModelProto proto = export(model, domain, modelVersion);
        Path dir = file.toAbsolutePath().getParent();
        // a name of our own rather than createTempFile, whose owner-only permissions would stay on the result
        Path temp = dir.resolve("." + file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE))) {
                proto.writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
