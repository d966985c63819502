package org.occam.experiments.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code occam runs --where}: real runs with different penalties and λs, found by the store. */
class RunsCommandTest {
    private static final Pattern RUN_ID = Pattern.compile("^(\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{6})\\s");

    @TempDir
    static Path tmp;

    private static Path out;
    private static String l2Keras;
    private static String l2Strong;
    private static String l1;
    private static String none;
    private static String enet;

    @BeforeAll
    static void recordFiveRuns() throws Exception {
        Path config = Files.writeString(tmp.resolve("sweep.xml"), """
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="sweep"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.CsvData">
                    <property name="path" value="datasets/moons_n200.csv"/>
                  </component>
                  <component name="split" type="org.occam.experiments.data.TestIndexFileSplit">
                    <property name="path" value="datasets/splits/moons_n200_test_idx.txt"/>
                  </component>
                  <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                    <propertylist name="hiddenLayerSizes"><item>4</item></propertylist>
                    <property name="epochs" value="1"/>
                    <propertylist name="penalties"><item>l2</item></propertylist>
                  </component>
                  <component name="l2" type="org.occam.regularizers.penalty.L2">
                    <property name="lambda" value="0.01"/>
                    <property name="convention" value="KERAS"/>
                  </component>
                  <component name="l1" type="org.occam.regularizers.penalty.L1">
                    <property name="lambda" value="0.01"/>
                  </component>
                  <component name="enet" type="org.occam.regularizers.penalty.ElasticNet">
                    <property name="lambda" value="0.02"/>
                    <property name="convention" value="SKLEARN"/>
                  </component>
                </config>
                """);
        out = tmp.resolve("runs");
        l2Keras = run(config);
        l2Strong = run(config, "l2.lambda=0.1");
        l1 = run(config, "trainer.penalties=l1", "l1.lambda=0.001");
        none = run(config, "trainer.penalties=");
        enet = run(config, "trainer.penalties=enet");
    }

    private static String run(Path config, String... sets) {
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--out", out.toString(), "--quiet"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return Cli.recordDir(Cli.ok(args.toArray(String[]::new))).getFileName().toString();
    }

    /** @return the run ids {@code occam runs} lists for these clauses */
    private static Set<String> listed(String... where) {
        List<String> args = new ArrayList<>(List.of("runs", "--out", out.toString()));
        for (String w : where) {
            args.add("--where");
            args.add(w);
        }
        Cli.Result r = Cli.ok(args.toArray(String[]::new));
        Set<String> ids = new TreeSet<>();
        for (String line : r.outLines()) {
            Matcher m = RUN_ID.matcher(line);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        List<String> lines = r.outLines();
        assertEquals(ids.size() + " run(s)", lines.get(lines.size() - 1), r::toString);
        return ids;
    }

    private static Set<String> ids(String... ids) {
        return new TreeSet<>(List.of(ids));
    }

    @Test
    void everyRunIsListedWithoutClauses() {
        assertEquals(ids(l2Keras, l2Strong, l1, none, enet), listed());
    }

    @Test
    void findsRunsByPenaltyType() {
        assertEquals(ids(l2Keras, l2Strong), listed("penalty=L2"));
        assertEquals(ids(l1), listed("penalty=l1"));
        assertEquals(ids(enet), listed("penalty=ElasticNet"));
        assertEquals(ids(none), listed("penalty=none"));
        assertEquals(ids(l1, none, enet), listed("penalty!=L2"));
    }

    @Test
    void findsRunsByLambda() {
        assertEquals(ids(l2Keras), listed("lambda=0.01"));
        assertEquals(ids(l2Strong), listed("lambda>=0.05"));
        assertEquals(ids(l1), listed("lambda<0.01"));
        assertEquals(ids(l2Keras, enet), listed("lambda>=0.01", "lambda<=0.02"));
    }

    @Test
    void combinesPenaltyLambdaAndConvention() {
        assertEquals(ids(l2Strong), listed("penalty=L2", "lambda>0.01"));
        assertEquals(ids(l2Keras, l2Strong), listed("convention=keras"));
        assertEquals(ids(l1), listed("convention=DATASET"));
        assertEquals(ids(enet), listed("convention=SKLEARN", "dataset=moons_n200"));
        assertEquals(ids(), listed("penalty=L1", "lambda>0.01"));
    }

    /** @return the run ids {@code occam runs ARGS --format json} lists, in its order */
    private static List<String> order(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("runs", "--out", out.toString(), "--format", "json"));
        args.addAll(List.of(options));
        com.fasterxml.jackson.databind.JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Cli.ok(args.toArray(String[]::new)).out());
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.path("runId").asText()));
        return ids;
    }

    @Test
    void newestFirstByDefaultAndLimitKeepsTheNewest() throws Exception {
        assertEquals(List.of(enet, none, l1, l2Strong, l2Keras), order());
        assertEquals(List.of(enet, none, l1), order("--limit", "3"));
        assertEquals(List.of(l2Keras, l2Strong, l1, none, enet), order("--sort", "created"));
        assertEquals(List.of(enet, none, l1, l2Strong, l2Keras), order("--sort", "created", "--desc"));
    }

    @Test
    void sortsByLambdaWithRunsWithoutOneLast() throws Exception {
        assertEquals(List.of(l1, l2Keras, enet, l2Strong, none), order("--sort", "lambda"));
        assertEquals(List.of(l2Strong, enet, l2Keras, l1, none), order("--sort", "LAMBDA", "--desc"));
        assertEquals(List.of(l1, l2Keras), order("--sort", "lambda", "--limit", "2"));
        assertEquals(List.of(l2Strong), order("--where", "penalty=L2", "--sort", "lambda", "--desc", "--limit", "1"));
        assertEquals(List.of(l1, l2Keras, enet, l2Strong, none), order("--sort", "lambda", "--limit", "99"));
    }

    @Test
    void theTableFollowsTheSortToo() {
        List<String> lines = Cli.ok("runs", "--out", out.toString(), "--sort", "lambda", "--desc", "--limit", "2").outLines();
        assertEquals(5, lines.size(), lines::toString); // header, rule, 2 runs, count
        assertTrue(lines.get(0).startsWith("run id ") && lines.get(0).contains(" experiment ") && lines.get(0).contains(" created ")
                && lines.get(0).contains(" status ") && lines.get(0).contains(" val acc "), lines.get(0));
        assertTrue(lines.get(2).startsWith(l2Strong + " sweep ") && lines.get(2).contains(" FINISHED "), lines.get(2));
        assertTrue(lines.get(3).startsWith(enet + " "), lines.get(3));
        assertEquals("2 run(s)", lines.get(4));
    }

    @Test
    void badClauseIsOneLineListingTheFields() throws Exception {
        Cli.Result r = Cli.run("runs", "--out", out.toString(), "--where", "lamda=0.01");
        assertEquals(OccamCommand.BAD_INPUT, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("'lamda=0.01'") && r.errLines().get(0).contains("lambda"), r::toString);
        assertEquals(5, listed().size(), "a bad query changes nothing");
    }
}
