package org.occam.experiments.cli;

import org.occam.core.onnx.OnnxExport;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.RunRecorder;
import org.tribuo.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code occam export RUN|MODEL --onnx FILE}: writes a run's model (or a model file) as an ONNX
 * model, feature standardization included, through {@link OnnxExport}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's model (or a model file) as an ONNX model.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN|MODEL", description = "A run directory (runs/<experiment>/<run-id>) or a model file.")
    Path source;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path onnx;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The ONNX model's domain (default org.occam).")
    String domain = "org.occam";

    @Option(names = "--model-version", paramLabel = "N", description = "The ONNX model's version (default 1).")
    long modelVersion = 1;

    @Override
    public Integer call() throws IOException {
        Path modelFile = Files.isDirectory(source) ? source.resolve(RunRecorder.MODEL_FILE) : source;
        Model<?> model = PredictCommand.loadModel(modelFile);
        Path dir = onnx.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DataException(onnx + ": the directory does not exist");
        }
        try {
            OnnxExport.save(model, domain, modelVersion, onnx);
        } catch (IllegalArgumentException e) {
            throw new DataException(modelFile + ": " + e.getMessage(), e);
        }
        System.out.println(onnx);
        return 0;
    }
}
