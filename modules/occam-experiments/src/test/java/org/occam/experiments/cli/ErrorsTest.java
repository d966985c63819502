package org.occam.experiments.cli;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXParseException;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The one line the command line prints for an exception. */
class ErrorsTest {
    @Test
    void multiLineMessagesBecomeOneLine() {
        assertEquals("Unexpected end-of-input at [Source: x; line: 2, column: 1]",
                Errors.describe(new IOException("Unexpected end-of-input\n at [Source: x; line: 2, column: 1]\n")));
        assertEquals("a b c", Errors.oneLine("a\r\n   b\n\tc"));
    }

    @Test
    void wrappersAreUnwrappedToTheUsefulMessage() {
        PropertyException inner = new PropertyException("trainer", "epochs", "expected epochs ≥ 1, found 0");
        assertEquals(inner.getMessage(), Errors.describe(new InvocationTargetException(inner)));
        assertEquals(inner.getMessage(), Errors.describe(new RuntimeException(inner)));
        assertEquals("IllegalStateException", Errors.describe(new IllegalStateException()));
        assertEquals("outer says more", Errors.describe(new RuntimeException("outer says more", inner)));
    }

    @Test
    void causesAreFoundByType() {
        SAXParseException sax = new SAXParseException("bad", null, null, 3, 7);
        assertSame(sax, org.occam.experiments.ExperimentConfig.find(new RuntimeException("wrapped", new IllegalStateException(sax)), SAXParseException.class));
        assertNull(org.occam.experiments.ExperimentConfig.find(new RuntimeException("plain"), SAXParseException.class));
    }
}
