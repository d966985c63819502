package org.occam.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.occam.experiments.data.DataException;
import org.occam.experiments.data.Hashing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep manifest, {@code sweep.json}: written once when a sweep directory is created, it
 * lists the config (path, sha256, text), the {@code --set} overrides, the grid, seeds, folds,
 * selection metric (or {@code "none": true} for {@code --no-select}) and every combination (id, grid values, seed, fold, overrides, run id). A
 * restarted sweep checks it against its own plan and then runs only the combinations that have no
 * record yet.
 */
public final class SweepManifest {
    /** The manifest's file name. */
    public static final String FILE = "sweep.json";
    /** Format tag. */
    public static final String FORMAT = "occam-sweep/1";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SweepManifest() {}

    /**
     * Writes the manifest if the directory has none; otherwise checks that it describes this plan.
     * @param plan the plan
     * @return true if an existing manifest was found (a resumed sweep)
     * @throws DataException if an existing manifest describes another sweep
     */
    static boolean writeOrVerify(SweepPlan plan) {
        Path file = plan.directory().resolve(FILE);
        try {
            Files.createDirectories(plan.directory());
            if (Files.isRegularFile(file)) {
                JsonNode existing = JSON.readTree(file.toFile());
                List<String> ids = new ArrayList<>();
                existing.path("combinations").forEach(c -> ids.add(c.path("id").asText()));
                List<String> planned = plan.combinations().stream().map(SweepPlan.Combination::id).toList();
                if (!plan.hash().equals(existing.path("hash").asText()) || !ids.equals(planned)) {
                    throw new DataException(file + " describes another sweep (hash " + existing.path("hash").asText()
                            + "); move it away or remove the directory");
                }
                return true;
            }
            writeAtomically(file, JSON.writeValueAsString(toJson(plan)));
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep manifest " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode toJson(SweepPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("hash", plan.hash());
        root.put("experiment", plan.experimentName());
        root.put("task", plan.task().name());
        root.put("created", Instant.now().toString());
        ObjectNode config = root.putObject("config");
        config.put("path", plan.config().toString());
        config.put("sha256", Hashing.sha256(plan.configText()));
        config.put("text", plan.configText());
        ArrayNode set = root.putArray("set");
        plan.baseOverrides().forEach(set::add);
        ArrayNode grid = root.putArray("grid");
        for (int a = 0; a < plan.axes().size(); a++) {
            GridAxis axis = plan.axes().get(a);
            ObjectNode g = grid.addObject();
            g.put("key", axis.key());
            g.put("property", axis.property());
            g.put("listProperty", plan.listAxes().get(a));
            ArrayNode components = g.putArray("components");
            axis.components().forEach(components::add);
            ArrayNode values = g.putArray("values");
            axis.values().forEach(values::add);
        }
        ArrayNode seeds = root.putArray("seeds");
        plan.seeds().forEach(seeds::add);
        root.put("seedComponent", plan.seedComponent());
        root.put("folds", plan.folds());
        root.put("foldSeed", plan.foldSeed());
        ObjectNode selection = root.putObject("selection");
        selection.put("metric", plan.selection().name());
        selection.put("higherIsBetter", plan.selection().higherIsBetter());
        if (!plan.select()) {
            selection.put("none", true);
            selection.put("note", SweepResults.NO_SELECTION);
        }
        ArrayNode combinations = root.putArray("combinations");
        for (SweepPlan.Combination c : plan.combinations()) {
            ObjectNode n = combinations.addObject();
            n.put("id", c.id());
            n.put("point", c.point());
            ObjectNode values = n.putObject("values");
            c.values().forEach(values::put);
            n.put("seed", c.seed());
            n.put("fold", c.fold());
            ArrayNode overrides = n.putArray("overrides");
            c.overrides().forEach(overrides::add);
            n.put("runId", c.runId());
        }
        return root;
    }

    /**
     * Writes a file through a temporary sibling and an atomic rename: readers see the old file or
     * the new one, never a half-written one.
     * @param file the file
     * @param text its new content
     * @throws IOException if writing fails
     */
    static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
