package org.occam.regularizers.layer;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.protos.LayerProto;
import org.occam.core.protos.NetworkProto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The versioned model fixture of the catalog's layers: a serialized network holding one layer of
 * each kind (version 0 of every message), and the generator that wrote it. A test reads the file
 * with today's code and compares it with the generator's network: same messages, same INFER
 * outputs. A format change that cannot read old models fails here.
 * <p>
 * To regenerate after a deliberate format change (bump the layer's VERSION, keep reading the old
 * one, and add a new fixture file rather than overwriting this one):
 * {@code java -cp <test class path> org.occam.regularizers.layer.LayerFixtures src/test/resources/org/occam/regularizers/layer/catalog-layers-v0.pb}
 */
final class LayerFixtures {
    /** The fixture, next to this class on the test class path. */
    static final String RESOURCE = "catalog-layers-v0.pb";

    private LayerFixtures() {}

    /** @return the network the fixture was written from: width 4, one layer of each kind, fixed tensors */
    static Network network() {
        Matrix gamma = Matrix.of(new double[]{1.5, 0.5, -1.0, 2.0});
        Matrix beta = Matrix.of(new double[]{0.25, -0.5, 0.0, 1.0});
        List<Layer> layers = List.of(
                new DropoutLayer("dropout", 4, 0.5, null),
                new GaussianDropoutLayer("gaussianDropout", 4, 0.3, null),
                new AlphaDropoutLayer("alphaDropout", 4, 0.1, null),
                new BatchNormalizationLayer("batchNormalization", 1e-3, 0.99, gamma.copy(), beta.copy(),
                        Matrix.of(new double[]{0.1, -0.2, 0.3, 4.0}), Matrix.of(new double[]{1.0, 0.25, 4.0, 0.5})),
                new LayerNormalizationLayer("layerNormalization", 1e-3, gamma.copy(), beta.copy()),
                new GroupNormalizationLayer("groupNormalization", 2, 1e-5, gamma.copy(), beta.copy()));
        return new Network(4, layers);
    }

    /** @return a fixed input, 3 × 4 */
    static Matrix input() {
        return Matrix.of(new double[]{0.5, -1.0, 2.0, 3.0}, new double[]{-2.0, 0.0, 1.0, 1.0}, new double[]{4.0, 3.0, -1.0, 0.5});
    }

    /** @return the fixture as stored */
    static NetworkProto read() {
        try (InputStream in = LayerFixtures.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "missing test resource " + RESOURCE);
            return NetworkProto.parseFrom(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Checks the fixture's layer of one class against the generator's: the stored message equals
     * today's, it reads back, and the read layer's INFER output on {@link #input()} (after the
     * layers before it) is bit-identical to the generator's.
     * @param type the runtime layer class
     */
    static void assertFixtureLayer(Class<? extends Layer> type) {
        NetworkProto stored = read();
        Network expected = network();
        Network loaded = Network.fromProto(stored);
        int index = -1;
        for (int i = 0; i < expected.layers().size(); i++) {
            if (type.isInstance(expected.layers().get(i))) {
                index = i;
            }
        }
        LayerProto storedLayer = stored.getLayers(index);
        assertEquals(type.getName(), storedLayer.getClassName());
        assertEquals(0, storedLayer.getVersion());
        assertEquals(expected.layers().get(index).toProto(), storedLayer);
        assertEquals(storedLayer, loaded.layers().get(index).toProto());
        Matrix a = input();
        Matrix b = input();
        for (int i = 0; i <= index; i++) {
            a = expected.layers().get(i).forward(a, Mode.INFER);
            b = loaded.layers().get(i).forward(b, Mode.INFER);
        }
        assertArrayEquals(a.data(), b.data(), 0.0);
    }

    /**
     * Writes the fixture.
     * @param args the output file
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args[0]);
        try (OutputStream os = Files.newOutputStream(out)) {
            network().toProto().writeTo(os);
        }
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
