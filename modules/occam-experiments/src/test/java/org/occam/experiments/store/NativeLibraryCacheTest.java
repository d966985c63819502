package org.occam.experiments.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sqlite-jdbc's native library kept in a cache directory: extracted once, byte for byte the jar's,
 * extracted again when the kept copy is damaged, and never used when the directory cannot be
 * written (sqlite-jdbc then extracts it itself, as without a cache).
 */
class NativeLibraryCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theLibraryIsExtractedOnceAndReplacedWhenDamaged() throws Exception {
        String oldPath = System.getProperty("org.sqlite.lib.path");
        String oldName = System.getProperty("org.sqlite.lib.name");
        try {
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
            Path file = RunStore.useNativeLibraryCache(tmp.resolve("native").toString());
            assertNotNull(file, "no library kept");
            assertTrue(file.startsWith(tmp.resolve("native")), file::toString);
            assertEquals(file.getParent().toString(), System.getProperty("org.sqlite.lib.path"));
            assertEquals(file.getFileName().toString(), System.getProperty("org.sqlite.lib.name"));
            byte[] jar;
            try (var in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath()
                    + "/" + org.sqlite.util.LibraryLoaderUtil.getNativeLibName())) {
                jar = in.readAllBytes();
            }
            assertArrayEquals(jar, Files.readAllBytes(file));
            CRC32 crc = new CRC32();
            crc.update(jar);
            assertTrue(file.toString().contains(Long.toHexString(crc.getValue())), "named by the jar entry's CRC: " + file);

            // Kept: a second call finds the same file (its time unchanged: not written again).
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(written.toMillis() - 60_000));
            java.nio.file.attribute.FileTime older = Files.getLastModifiedTime(file);
            assertEquals(file, RunStore.useNativeLibraryCache(tmp.resolve("native").toString()));
            assertEquals(older, Files.getLastModifiedTime(file), "an intact copy was written again");

            // Damaged (same size, one byte changed): extracted again.
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
            byte[] damaged = jar.clone();
            damaged[damaged.length / 2] ^= 1;
            Files.write(file, damaged);
            assertEquals(file, RunStore.useNativeLibraryCache(tmp.resolve("native").toString()));
            assertArrayEquals(jar, Files.readAllBytes(file));
            try (java.util.stream.Stream<Path> s = Files.list(file.getParent())) {
                assertEquals(1, s.count(), "a temporary file was left behind");
            }

            // Properties already set (by the user): left alone.
            System.setProperty("org.sqlite.lib.path", "/somewhere");
            assertNull(RunStore.useNativeLibraryCache(tmp.resolve("other").toString()));
            assertEquals("/somewhere", System.getProperty("org.sqlite.lib.path"));
            assertTrue(Files.notExists(tmp.resolve("other")));
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");

            // A cache that cannot be written (a file in the way): no cache, sqlite-jdbc's own extraction.
            Path blocked = Files.writeString(tmp.resolve("blocked"), "x");
            assertNull(RunStore.useNativeLibraryCache(blocked.toString()));
            assertNull(System.getProperty("org.sqlite.lib.path"));
            assertNull(RunStore.useNativeLibraryCache(null));
        } finally {
            restore("org.sqlite.lib.path", oldPath);
            restore("org.sqlite.lib.name", oldName);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
