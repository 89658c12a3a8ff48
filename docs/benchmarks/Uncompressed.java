import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Rewrites a closed ledger store in full without compression, as the builds before per-level
 * compression stored it, and prints each column family's bytes in files: the comparison of
 * docs/benchmarks/disk.sh. Not a test; run by the script:
 *   java -cp "tools/target/lib/*" docs/benchmarks/Uncompressed.java DIR/ledger
 */
public class Uncompressed {
  public static void main(String[] args) throws Exception {
    RocksDB.loadLibrary();
    String dir = args[0];
    try (ColumnFamilyOptions none = new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION)
            .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
        DBOptions db = new DBOptions(); Options list = new Options(db, none);
        CompactRangeOptions full = new CompactRangeOptions()
            .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      List<byte[]> names = RocksDB.listColumnFamilies(list, dir);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n, none)));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB raw = RocksDB.open(db, dir, descriptors, handles)) {
        long total = 0;
        for (int i = 0; i < handles.size(); i++) {
          raw.compactRange(handles.get(i), null, null, full);
          long bytes = raw.getLongProperty(handles.get(i), "rocksdb.total-sst-files-size");
          total += bytes;
          System.out.printf("uncompressed: %-12s %,15d bytes in files%n", new String(names.get(i)), bytes);
        }
        System.out.printf("uncompressed: total %,d bytes in files%n", total);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
