package org.occam.experiments;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import org.occam.experiments.data.DataException;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TransformedModelProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads Tribuo model files safely: the Java API entry point behind {@code predict},
 * {@code reproduce} and {@code report}. Tribuo's protobuf loader calls {@code Class.forName} on
 * every class name inside the file (running the class's static initializer) before it checks the
 * type, so this class reads the file as plain protobuf first, before anything is instantiated:
 * <ul>
 *   <li>the model class must be one of {@link #MODEL_CLASSES} (an Occam MLP or a Tribuo linear
 *       SGD model, or Tribuo's {@code TransformedModel} wrapping one, which is what
 *       {@code occam run} writes with standardized features);</li>
 *   <li>every other string in the file (at any depth) that names a class on the class path must
 *       be in one of the {@link #TRUSTED_PACKAGES} (Tribuo's feature and output domains and
 *       transformers, OLCUT's provenance, Occam's own layers and plugins).</li>
 * </ul>
 * Only then is the already-read message handed to Tribuo.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /**
     * The model classes a model file may name: Occam's MLPs, Tribuo's linear SGD models (what a
     * config with Tribuo's {@code LinearSGDTrainer} and Occam's {@code PenalizedOptimiser} writes,
     * e.g. {@code configs/breast-cancer-tribuo-linear-l2.xml}), and Tribuo's {@code TransformedModel}
     * wrapping one of them.
     */
    public static final Set<String> MODEL_CLASSES = Set.of(
            "org.occam.classification.MLPClassificationModel",
            "org.occam.regression.MLPRegressionModel",
            "org.tribuo.classification.sgd.linear.LinearSGDModel",
            "org.tribuo.regression.sgd.linear.LinearSGDModel",
            "org.tribuo.transform.TransformedModel");

    private static final String TRANSFORMED = "org.tribuo.transform.TransformedModel";

    /** Packages whose classes may be named anywhere else in a model file. */
    public static final List<String> TRUSTED_PACKAGES = List.of("org.tribuo.", "org.occam.", "com.oracle.labs.mlrg.olcut.");

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");
    private static final int MAX_DEPTH = 64;

    /**
     * Reads, checks and loads a model file.
     * @param file a model file ({@code model.tribuo} of a run)
     * @return the model
     * @throws DataException naming the file if it is missing, unreadable, not a Tribuo model, or
     *                       names a class outside the allowlist
     */
    public static Model<?> load(Path file) {
        ModelProto proto = check(file);
        try {
            return Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new DataException(file + ": not a Tribuo model file (" + ExperimentConfig.describe(e) + ")", e);
        }
    }

    /**
     * Reads and checks a model file without instantiating anything.
     * @param file a model file
     * @return its top-level message
     * @throws DataException naming the file and the refused class
     */
    public static ModelProto check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such model file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DataException(file + ": not a Tribuo model file (" + ExperimentConfig.oneLine(e.getMessage()) + ")", e);
        }
        checkModel(file, proto, 0);
        try {
            scan(file, UnknownFieldSet.parseFrom(bytes), 0);
        } catch (InvalidProtocolBufferException e) {
            throw new DataException(file + ": not a Tribuo model file (" + ExperimentConfig.oneLine(e.getMessage()) + ")", e);
        }
        return proto;
    }

    private static void checkModel(Path file, ModelProto proto, int depth) {
        String name = proto.getClassName();
        if (!MODEL_CLASSES.contains(name)) {
            throw new DataException(file + ": names model class '" + name + "', which is not an allowed model class "
                    + MODEL_CLASSES.stream().sorted().toList() + "; nothing was loaded");
        }
        if (name.equals(TRANSFORMED)) {
            if (depth > 0) {
                throw new DataException(file + ": a TransformedModel nested in another is not an Occam model; nothing was loaded");
            }
            try {
                checkModel(file, proto.getSerializedData().unpack(TransformedModelProto.class).getModel(), depth + 1);
            } catch (InvalidProtocolBufferException e) {
                throw new DataException(file + ": not a Tribuo model file (" + ExperimentConfig.oneLine(e.getMessage()) + ")", e);
            }
        }
    }

    /** Checks every length-delimited field, as text and as a nested message, at any depth. */
    private static void scan(Path file, UnknownFieldSet fields, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DataException(file + ": nested more than " + MAX_DEPTH + " levels deep; not an Occam model file");
        }
        for (UnknownFieldSet.Field f : fields.asMap().values()) {
            for (ByteString b : f.getLengthDelimitedList()) {
                String text = utf8(b);
                if (text != null && CLASS_NAME.matcher(text).matches() && isClassOnClassPath(text)
                        && !MODEL_CLASSES.contains(text) && TRUSTED_PACKAGES.stream().noneMatch(text::startsWith)) {
                    throw new DataException(file + ": names class '" + text + "', which is outside the packages a model file may name "
                            + TRUSTED_PACKAGES + "; nothing was loaded");
                }
                UnknownFieldSet nested = parse(b);
                if (nested != null) {
                    scan(file, nested, depth + 1);
                }
            }
            for (UnknownFieldSet g : f.getGroupList()) {
                scan(file, g, depth + 1);
            }
        }
    }

    private static UnknownFieldSet parse(ByteString b) {
        if (b.isEmpty()) {
            return null;
        }
        try {
            return UnknownFieldSet.parseFrom(b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return null;
        }
    }

    private static String utf8(ByteString b) {
        if (b.size() > 1024) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether the name is a class on the class path, found as a resource: nothing is loaded or initialized. */
    private static boolean isClassOnClassPath(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ModelFiles.class.getClassLoader();
        }
        String resource = name.replace('.', '/') + ".class";
        return loader.getResource(resource) != null || ClassLoader.getSystemResource(resource) != null
                || name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }
}
