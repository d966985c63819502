package org.occam.core.nn;

import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;
import org.occam.core.protos.NamedTensorProto;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Protobuf helpers shared by layer implementations.
 */
public final class Layers {
    private Layers() {}

    /**
     * Rebuilds a layer from its message by calling the named class's static {@code fromProto}.
     * Only classes that implement {@link Layer} are accepted, so a crafted file cannot make this
     * invoke an arbitrary class.
     * @param proto the message
     * @return the layer
     */
    public static Layer fromProto(LayerProto proto) {
        String className = proto.getClassName();
        try {
            Class<?> clazz = Class.forName(className, false, Layers.class.getClassLoader());
            if (!Layer.class.isAssignableFrom(clazz)) {
                throw new IllegalArgumentException("class " + className + " in a serialized network is not an Occam Layer");
            }
            Method m = clazz.getMethod("fromProto", LayerProto.class);
            if (!Modifier.isStatic(m.getModifiers()) || !Layer.class.isAssignableFrom(m.getReturnType())) {
                throw new IllegalArgumentException("layer class " + className + " has no static fromProto(LayerProto) method");
            }
            return (Layer) m.invoke(null, proto);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("layer class " + className + " is not on the class path", e);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("layer class " + className + " has no public static fromProto(LayerProto) method", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalArgumentException("could not rebuild layer " + proto.getName(), cause);
        }
    }

    /**
     * @param name the tensor's name
     * @param m the tensor
     * @return the message
     */
    public static NamedTensorProto tensorToProto(String name, Matrix m) {
        NamedTensorProto.Builder b = NamedTensorProto.newBuilder().setName(name).setRows(m.rows()).setCols(m.cols());
        for (double v : m.data()) {
            b.addValues(v);
        }
        return b.build();
    }

    /**
     * Finds a tensor by name in a layer message and checks its shape.
     * @param proto the layer message
     * @param name the tensor's name
     * @param rows expected rows
     * @param cols expected columns
     * @return the tensor
     */
    public static Matrix tensor(LayerProto proto, String name, int rows, int cols) {
        List<NamedTensorProto> tensors = proto.getTensorsList();
        for (NamedTensorProto t : tensors) {
            if (t.getName().equals(name)) {
                if (t.getRows() != rows || t.getCols() != cols || t.getValuesCount() != rows * cols) {
                    throw new IllegalArgumentException("tensor " + proto.getName() + "." + name + " has shape "
                            + t.getRows() + "×" + t.getCols() + " (" + t.getValuesCount() + " values), expected " + rows + "×" + cols);
                }
                double[] data = new double[rows * cols];
                for (int i = 0; i < data.length; i++) {
                    data[i] = t.getValues(i);
                }
                return new Matrix(rows, cols, data);
            }
        }
        throw new IllegalArgumentException("layer " + proto.getName() + " has no tensor named " + name);
    }

    /**
     * Reads a mandatory property of a layer message.
     * @param proto the layer message
     * @param key the property
     * @return its value
     */
    public static String property(LayerProto proto, String key) {
        String v = proto.getPropertiesMap().get(key);
        if (v == null) {
            throw new IllegalArgumentException("layer " + proto.getName() + " has no property " + key);
        }
        return v;
    }

    /**
     * Reads a mandatory integer property of a layer message.
     * @param proto the layer message
     * @param key the property
     * @return its value
     */
    public static int intProperty(LayerProto proto, String key) {
        String v = property(proto, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer " + proto.getName() + " property " + key + " is not an integer: " + v, e);
        }
    }
}
