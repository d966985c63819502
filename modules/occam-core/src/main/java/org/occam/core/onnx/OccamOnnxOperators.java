package org.occam.core.onnx;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ONNX operators (default domain, opset 13 — the opset Tribuo 4.3.2's {@code ONNXOperators} and
 * {@code ONNXExportable.buildModel} declare) that Tribuo's operator enum lacks and Occam's layers need.
 */
public enum OccamOnnxOperators implements ONNXOperator {
    /** y = max(0, x). */
    RELU("Relu", 1),
    /** y = tanh x. */
    TANH("Tanh", 1),
    /** y = x if x &gt; 0 else α(eˣ − 1); attribute {@code alpha} (float). */
    ELU("Elu", 1, floatAttribute("alpha")),
    /** y = x if x &gt; 0 else α·x; attribute {@code alpha} (float). */
    LEAKY_RELU("LeakyRelu", 1, floatAttribute("alpha")),
    /** y = γ·(x if x &gt; 0 else α(eˣ − 1)); attributes {@code alpha}, {@code gamma} (floats). */
    SELU("Selu", 1, floatAttribute("alpha"), floatAttribute("gamma")),
    /** y = √x. */
    SQRT("Sqrt", 1),
    /** Reshapes the first input to the int64 shape given as the second input. */
    RESHAPE("Reshape", 2);

    private static final int OPSET_VERSION = 13;

    private final String opName;
    private final int numInputs;
    private final Map<String, ONNXAttribute> attributes;

    OccamOnnxOperators(String opName, int numInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        Map<String, ONNXAttribute> map = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            map.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(map);
    }

    private static ONNXAttribute floatAttribute(String name) {
        return new ONNXAttribute(name, OnnxMl.AttributeProto.AttributeType.FLOAT, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
        return OPSET_VERSION;
    }

    @Override
    public String getOpDomain() {
        return null;
    }

    /** @return the operator names, for messages */
    static List<String> names() {
        return java.util.Arrays.stream(values()).map(OccamOnnxOperators::getOpName).toList();
    }
}
