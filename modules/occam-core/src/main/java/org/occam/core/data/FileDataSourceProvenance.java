package org.occam.core.data;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.OutputFactory;
import org.tribuo.provenance.DataSourceProvenance;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Provenance of examples read from a file: the reader's class name (as a string), the file, its
 * SHA-256 under Tribuo's {@value DataSourceProvenance#RESOURCE_HASH} key (as Tribuo's own CSV
 * loader records it), its modification time, the reader's settings and the output factory.
 * <p>
 * It lives in the model modules because every model trained on the data carries it: a model file
 * must be readable where only Tribuo and Occam's model modules are, and reading a provenance
 * instantiates its provenance class.
 */
public final class FileDataSourceProvenance implements DataSourceProvenance {
    private static final long serialVersionUID = 1L;
    /** Key of the file path. */
    public static final String FILE = "file";
    /** Key of the reader's settings (its {@code toString}). */
    public static final String SETTINGS = "settings";

    private final Map<String, Provenance> map;

    /**
     * @param readerClass the class that read the file
     * @param file the file
     * @param sha256 its SHA-256, hex
     * @param modified its modification time
     * @param settings the reader's settings
     * @param factory the output factory
     */
    public FileDataSourceProvenance(String readerClass, Path file, String sha256, OffsetDateTime modified, String settings,
                                    OutputFactory<?> factory) {
        map = new LinkedHashMap<>();
        map.put(CLASS_NAME, new StringProvenance(CLASS_NAME, readerClass));
        map.put(FILE, new StringProvenance(FILE, file.toString()));
        map.put(RESOURCE_HASH, new HashProvenance(ProvenanceUtil.HashType.SHA256, RESOURCE_HASH, sha256.toUpperCase(Locale.ROOT)));
        map.put(FILE_MODIFIED_TIME, new DateTimeProvenance(FILE_MODIFIED_TIME, modified));
        map.put(SETTINGS, new StringProvenance(SETTINGS, settings));
        map.put(OUTPUT_FACTORY, factory.getProvenance());
    }

    /**
     * Deserialization constructor.
     * @param map the provenance map
     */
    public FileDataSourceProvenance(Map<String, Provenance> map) {
        this.map = new LinkedHashMap<>(map);
    }

    @Override
    public String getClassName() {
        Provenance p = map.get(ObjectProvenance.CLASS_NAME);
        return p instanceof StringProvenance ? ((StringProvenance) p).getValue() : "unknown";
    }

    @Override
    public Iterator<Pair<String, Provenance>> iterator() {
        return map.entrySet().stream().map(e -> new Pair<>(e.getKey(), e.getValue())).iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileDataSourceProvenance && ((FileDataSourceProvenance) o).map.equals(map);
    }

    @Override
    public int hashCode() {
        return Objects.hash(map);
    }

    @Override
    public String toString() {
        return generateString("FileDataSource");
    }
}
