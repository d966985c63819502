package org.occam.experiments;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.protos.MLPModelProto;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.RunRecorder;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TransformedModelProto;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model file naming a class outside the allowlist is refused before Tribuo instantiates
 * anything: the test-only {@code com.example.occamtrace.StaticTrace}, whose static initializer
 * sets a system property, is never initialized, whether it is named as the model class, as the
 * model wrapped by a TransformedModel, or deep inside (the output domain).
 */
class ModelFilesTest {
    private static final String TRACE = "com.example.occamtrace.StaticTrace";
    private static final String PROPERTY = "occam.test.staticTrace";
    private static Path runDir;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        org.occam.experiments.cli.OccamCommandAccess.ensureBaseDir();
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(Path.of(System.getProperty(org.occam.experiments.data.BaseDir.PROPERTY))
                .resolve("configs/moons-l2-keras.xml"), List.of("trainer.epochs=1"));
        RunResult result = ExperimentRunner.execute(loaded.experiment(), null);
        runDir = RunRecorder.write(result, loaded.configText(), shared.resolve("runs")).directory();
    }

    @AfterEach
    void noTrace() {
        assertNull(System.getProperty(PROPERTY), "the crafted class was initialized");
    }

    private static ModelProto original() throws Exception {
        return ModelProto.parseFrom(Files.readAllBytes(runDir.resolve(RunRecorder.MODEL_FILE)));
    }

    private Path write(ModelProto p) throws Exception {
        Path f = tmp.resolve("crafted-" + System.nanoTime() + ".tribuo");
        Files.write(f, p.toByteArray());
        return f;
    }

    /** Replaces the class name of the innermost Occam model (inside the TransformedModel, if any). */
    private static ModelProto withInnerModelClass(ModelProto p, String className) throws Exception {
        if (p.getClassName().equals("org.tribuo.transform.TransformedModel")) {
            TransformedModelProto t = p.getSerializedData().unpack(TransformedModelProto.class);
            return p.toBuilder().setSerializedData(Any.pack(t.toBuilder().setModel(t.getModel().toBuilder().setClassName(className)).build())).build();
        }
        return p.toBuilder().setClassName(className).build();
    }

    /** Replaces the output domain's class name inside the Occam model's metadata bytes. */
    private static ModelProto withOutputDomainClass(ModelProto p, String className) throws Exception {
        if (p.getClassName().equals("org.tribuo.transform.TransformedModel")) {
            TransformedModelProto t = p.getSerializedData().unpack(TransformedModelProto.class);
            return p.toBuilder().setSerializedData(Any.pack(t.toBuilder().setModel(withOutputDomainClass(t.getModel(), className)).build())).build();
        }
        MLPModelProto m = p.getSerializedData().unpack(MLPModelProto.class);
        ModelDataProto md = ModelDataProto.parseFrom(m.getMetadata());
        ModelDataProto crafted = md.toBuilder().setOutputDomain(md.getOutputDomain().toBuilder().setClassName(className)).build();
        return p.toBuilder().setSerializedData(Any.pack(m.toBuilder().setMetadata(ByteString.copyFrom(crafted.toByteArray())).build())).build();
    }

    @Test
    void aRealModelLoads() {
        Model<?> m = ModelFiles.load(runDir.resolve(RunRecorder.MODEL_FILE));
        assertNotNull(m.getFeatureIDMap().get("x1"), m.getFeatureIDMap().toString());
    }

    @Test
    void topLevelClassOutsideTheAllowlistIsNeverInitialized() throws Exception {
        Path f = write(original().toBuilder().setClassName(TRACE).build());
        DataException e = assertThrows(DataException.class, () -> ModelFiles.load(f));
        assertTrue(e.getMessage().contains("'" + TRACE + "'") && e.getMessage().contains("not an allowed model class"), e.getMessage());
        // Tribuo's own loader would have initialized it: the crafted file is a real attack
        assertThrows(RuntimeException.class, () -> Model.deserializeFromFile(write(original().toBuilder().setClassName("com.example.occamtrace.NoSuchClass").build())));
    }

    @Test
    void wrappedModelClassOutsideTheAllowlistIsNeverInitialized() throws Exception {
        Path f = write(withInnerModelClass(original(), TRACE));
        DataException e = assertThrows(DataException.class, () -> ModelFiles.load(f));
        assertTrue(e.getMessage().contains(TRACE), e.getMessage());
    }

    @Test
    void nestedClassNameOutsideTheTrustedPackagesIsNeverInitialized() throws Exception {
        Path f = write(withOutputDomainClass(original(), TRACE));
        DataException e = assertThrows(DataException.class, () -> ModelFiles.load(f));
        assertTrue(e.getMessage().contains("'" + TRACE + "'") && e.getMessage().contains("outside the packages"), e.getMessage());
        // a JDK class is refused the same way
        DataException jdk = assertThrows(DataException.class, () -> ModelFiles.load(write(withOutputDomainClass(original(), "java.lang.Runtime"))));
        assertTrue(jdk.getMessage().contains("java.lang.Runtime"), jdk.getMessage());
    }

    @Test
    void commandsRefuseTheCraftedFileWithExitTwo() throws Exception {
        Path crafted = write(withOutputDomainClass(original(), TRACE));
        Path csv = Files.writeString(tmp.resolve("rows.csv"), "x1,x2\n0.1,0.2\n");
        // predict
        Result p = run("predict", crafted.toString(), csv.toString());
        assertEquals(2, p.code, p.err);
        assertTrue(p.err.contains(TRACE), p.err);
        // reproduce: the model is checked before anything is retrained
        Path copy = tmp.resolve("run-copy");
        Files.createDirectories(copy);
        for (Path f : Files.list(runDir).filter(Files::isRegularFile).toList()) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        Files.copy(crafted, copy.resolve(RunRecorder.MODEL_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result r = run("reproduce", copy.toString());
        assertEquals(2, r.code, r.out + r.err);
        assertTrue(r.err.contains(TRACE), r.err);
        assertFalse(r.out.contains("retraining"), "reproduce retrained before checking the model:\n" + r.out);
    }

    private record Result(int code, String out, String err) {}

    private static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = org.occam.experiments.cli.OccamCommand.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
