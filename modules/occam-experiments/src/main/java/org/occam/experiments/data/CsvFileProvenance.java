package org.occam.experiments.data;

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
 * Provenance of the examples {@link CsvData} read: the file, its SHA-256 under Tribuo's
 * {@value DataSourceProvenance#RESOURCE_HASH} key (as Tribuo's own CSV loader records it), its
 * modification time, the {@link CsvData} settings and the output factory.
 * @deprecated kept so that models recorded with it still load (with this module on the class path);
 * {@link CsvData} now records {@link org.occam.core.data.FileDataSourceProvenance}, which loads
 * with the model modules alone
 */
@Deprecated
public final class CsvFileProvenance implements DataSourceProvenance {
    private static final long serialVersionUID = 1L;
    /** Key of the file path. */
    public static final String FILE = "file";
    /** Key of the {@link CsvData} settings (its {@code toString}). */
    public static final String SETTINGS = "settings";

    private final Map<String, Provenance> map;

    /**
     * @param file the file
     * @param sha256 its SHA-256, hex
     * @param modified its modification time
     * @param settings the CsvData settings
     * @param factory the output factory
     */
    public CsvFileProvenance(Path file, String sha256, OffsetDateTime modified, String settings, OutputFactory<?> factory) {
        map = new LinkedHashMap<>();
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
    public CsvFileProvenance(Map<String, Provenance> map) {
        this.map = new LinkedHashMap<>(map);
    }

    @Override
    public String getClassName() {
        return CsvData.class.getName();
    }

    @Override
    public Iterator<Pair<String, Provenance>> iterator() {
        return map.entrySet().stream().map(e -> new Pair<>(e.getKey(), e.getValue())).iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvFileProvenance && ((CsvFileProvenance) o).map.equals(map);
    }

    @Override
    public int hashCode() {
        return Objects.hash(map);
    }

    @Override
    public String toString() {
        return generateString("CsvFile");
    }
}
