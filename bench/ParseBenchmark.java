import dev.lazybuild.vfs.lockfile.LockedFile;
import dev.lazybuild.vfs.lockfile.Lockfiles;
import dev.lazybuild.vfs.tree.HermetoLayout;
import dev.lazybuild.vfs.tree.Tree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Parses every lockfile lazybuild knows in a directory and builds the tree, as build and plan
 * do: once cold, then warm, reporting the median. Run by bench/parse-benchmark.sh.
 *   ParseBenchmark list DIR          prints the lockfiles it would use, one a line
 *   ParseBenchmark run DIR ARCH N    times N warm runs after N warm-up runs
 */
public class ParseBenchmark {
    public static void main(String[] args) throws Exception {
        List<Path> lockfiles;
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            lockfiles = s.filter(p -> Lockfiles.Kind.ofFileName(p.getFileName().toString()) != null).sorted().toList();
        }
        if (args[0].equals("list")) {
            lockfiles.forEach(System.out::println);
            return;
        }
        String arch = args[2];
        int n = Integer.parseInt(args[3]);
        long start = System.nanoTime();
        int files = parseAndBuild(lockfiles, arch);
        double coldMs = (System.nanoTime() - start) / 1e6;
        for (int i = 0; i < n; i++) {
            parseAndBuild(lockfiles, arch);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            parseAndBuild(lockfiles, arch);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("in-JVM: %d lockfiles, %d files in the tree; cold (first) %.1f ms; warm median of %d: %.1f ms "
                + "(min %.1f, max %.1f)%n", lockfiles.size(), files, coldMs, n, ms[n / 2], ms[0], ms[n - 1]);
    }

    private static int parseAndBuild(List<Path> lockfiles, String arch) {
        List<LockedFile> locked = Lockfiles.read(lockfiles, arch);
        Tree tree = HermetoLayout.builder(Tree.builder().listingOnly(), locked, HermetoLayout.DEFAULT_TARGET).build();
        return tree.fileCount();
    }
}
