package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** README's annotated config is configs/moons-l2-keras.xml, setting for setting (comments aside). */
class ReadmeConfigTest {
    static List<String> withoutComments(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void readmeConfigBlockIsTheShippedFile() throws Exception {
        String readme = Files.readString(Cli.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int intro = readme.indexOf("`configs/moons-l2-keras.xml` exactly");
        int start = readme.indexOf("```xml\n", intro) + "```xml\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        String file = Files.readString(Cli.config("moons-l2-keras.xml"), StandardCharsets.UTF_8);
        assertEquals(withoutComments(file), withoutComments(block));
    }
}
