package org.occam.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.experiments.store.SummaryBuilder.run;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.TestDatabases.Backend;

/** The {@code --where} clause language of {@link RunStore#query(List)}, against a real SQLite file and a real PostgreSQL database. */
class RunStoreQueryTest {

    @TempDir
    Path dir;

    private RunStore store;

    void fill(Backend backend) {
        store = RunStore.connect(backend.newUrl(dir));
        // created times increase with the letter, so results come back in id order.
        insert(run("a").created("2024-05-01T00:00:00Z").penalties("L2", 0.01).seed(1).epochsRun(10).testAccuracy(0.95));
        insert(run("b").created("2024-05-02T00:00:00Z").penalties("L2", 0.001).seed(42).epochsRun(20).testAccuracy(0.90)
                .convention("PYTORCH"));
        insert(run("c").created("2024-05-03T00:00:00Z").penalties("L1", 0.1).seed(42).epochsRun(30).testAccuracy(0.80));
        insert(run("d").created("2024-05-04T00:00:00Z").penalties("L1,L2", 0.01, 0.001).seed(7).epochsRun(40)
                .testAccuracy(null).dataset("circles"));
        insert(run("e").created("2024-05-05T00:00:00Z").penalties("ElasticNet", 0.05).seed(7).epochsRun(50)
                .regression(0.25, 0.8).dataset("friedman"));
        insert(run("f").created("2024-05-06T00:00:00Z").penalties("").seed(-3).epochsRun(60).testAccuracy(0.99)
                .experiment("baseline"));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private void insert(SummaryBuilder builder) {
        store.insert(builder.build(), "{}");
    }

    private List<String> ids(String... clauses) {
        return store.query(List.of(clauses)).stream().map(RunSummary::runId).toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void doubleFieldTakesEveryOperator(Backend backend) {
        fill(backend);
        assertEquals(List.of("a", "d"), ids("lambda=0.01"));
        assertEquals(List.of("b", "c", "e", "f"), ids("lambda!=0.01")); // f has no λ: != keeps it
        assertEquals(List.of("a", "b", "d", "e"), ids("lambda<0.1"));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids("lambda<=0.1"));
        assertEquals(List.of("c", "e"), ids("lambda>0.01"));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids("lambda>=0.001"));
        assertEquals(List.of("a", "d"), ids("lambda=1e-2"));
        assertEquals(List.of("a", "d"), ids(" lambda = 0.01 "));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metricsAndNulls(Backend backend) {
        fill(backend);
        assertEquals(List.of("a", "f"), ids("testAccuracy>0.9"));
        assertEquals(List.of("a", "b", "f"), ids("testAccuracy>=0.9"));
        assertEquals(List.of("d", "e"), ids("testAccuracy=null"));
        assertEquals(List.of("a", "b", "c", "f"), ids("testAccuracy!=NULL"));
        assertEquals(List.of("e"), ids("testR2>0.5"));
        assertEquals(List.of("f"), ids("lambda=null"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void integerFields(Backend backend) {
        fill(backend);
        assertEquals(List.of("b", "c"), ids("seed=42"));
        assertEquals(List.of("a", "d", "e", "f"), ids("seed!=42"));
        assertEquals(List.of("f"), ids("seed<0"));
        assertEquals(List.of("a", "f"), ids("seed<=1"));
        assertEquals(List.of("b", "c"), ids("seed>7"));
        assertEquals(List.of("b", "c", "d", "e"), ids("seed>=7"));
        assertEquals(List.of("c", "d"), ids("epochsRun>=30", "epochsRun<45"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void textFields(Backend backend) {
        fill(backend);
        assertEquals(List.of("d"), ids("dataset=circles"));
        assertEquals(List.of("a", "b", "c", "e", "f"), ids("dataset!=circles"));
        assertEquals(List.of(), ids("dataset=CIRCLES")); // dataset names are exact
        assertEquals(List.of("e"), ids("task=REGRESSION"));
        assertEquals(List.of("e"), ids("task=regression")); // enum names ignore case
        assertEquals(List.of("b"), ids("convention=pytorch"));
        assertEquals(List.of("f"), ids("convention=null"));
        assertEquals(List.of("f"), ids("experiment=baseline"));
        assertEquals(List.of("c"), ids("runId=c"));
        assertEquals(List.of(), ids("dataset=x' OR '1'='1")); // a value is only ever a parameter
        assertEquals(6, ids().size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createdTakesInstantsAndDates(Backend backend) {
        fill(backend);
        assertEquals(List.of("c"), ids("created=2024-05-03T00:00:00Z"));
        assertEquals(List.of("e", "f"), ids("created>=2024-05-05"));
        assertEquals(List.of("a", "b"), ids("created<2024-05-02T12:00:00+02:00"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fieldNamesIgnoreCaseAndUnderscores(Backend backend) {
        fill(backend);
        assertEquals(ids("testAccuracy>0.9"), ids("TESTACCURACY>0.9"));
        assertEquals(ids("testAccuracy>0.9"), ids("test_accuracy>0.9"));
        assertEquals(List.of("d"), ids("penalty_types=L1,L2"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void penaltyMatchesWholeElements(Backend backend) {
        fill(backend);
        assertEquals(List.of("c", "d"), ids("penalty=L1"));
        assertEquals(List.of("a", "b", "d"), ids("penalty=L2"));
        assertEquals(List.of("a", "b", "d"), ids("penalty=l2"));
        assertEquals(List.of("e"), ids("penalty=ElasticNet"));
        assertEquals(List.of(), ids("penalty=L"));
        assertEquals(List.of(), ids("penalty=Net"));
        assertEquals(List.of(), ids("penalty=%"));
        assertEquals(List.of(), ids("penalty=L_"));
        assertEquals(List.of("f"), ids("penalty=none"));
        assertEquals(List.of("a", "b", "c", "d", "e"), ids("penalty!=none"));
        assertEquals(List.of("a", "b", "e", "f"), ids("penalty!=L1"));
        assertEquals(List.of("d"), ids("penalty=L1", "penalty=L2"));
        assertEquals(List.of("d"), ids("penaltyTypes=L1,L2")); // the component compares the whole list
        assertEquals(List.of("c"), ids("penaltyTypes=L1")); // not d: its list is "L1,L2"
        assertEquals(List.of("c"), ids("penalty=L1", "lambda>=0.1"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void badClausesNameTheClauseAndListTheFields(Backend backend) {
        fill(backend);
        assertBad("learningRate=0.1", "unknown field 'learningRate'");
        assertBad("lambda~0.1", "no operator");
        assertBad("lambda==0.1", "bad operator '=='");
        assertBad("lambda=>0.1", "bad operator '=>'");
        assertBad("lambda<>0.1", "bad operator '<>'");
        assertBad("lambda~=0.1", "not a field name");
        assertBad("=0.1", "no field");
        assertBad("lambda=abc", "lambda is a number");
        assertBad("lambda=NaN", "lambda is a number");
        assertBad("lambda=", "lambda is a number");
        assertBad("seed=4.5", "seed is an integer");
        assertBad("epochsRun=99999999999", "epochsRun is an integer");
        assertBad("seed=null", "seed is an integer");
        assertBad("dataset>moons", "operator '>' does not apply to dataset");
        assertBad("penalty<L1", "operator '<' does not apply to penalty");
        assertBad("penalty=L1,L2", "penaltyTypes=L1,L2");
        assertBad("created>yesterday", "created is an ISO-8601");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneBadClauseFailsTheWholeQuery(Backend backend) {
        fill(backend);
        assertThrows(IllegalArgumentException.class, () -> store.query(List.of("penalty=L2", "nope=1")));
    }

    private void assertBad(String clause, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.query(List.of(clause)));
        String message = e.getMessage();
        assertTrue(message.contains("'" + clause + "'"), message);
        assertTrue(message.contains(problem), message);
        for (String field : RunStore.whereFields()) {
            assertTrue(message.contains(field), "message lacks field " + field + ": " + message);
        }
    }
}
