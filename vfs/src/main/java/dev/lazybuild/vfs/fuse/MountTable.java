package dev.lazybuild.vfs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads /proc/self/mountinfo and detaches FUSE mounts, ours or ones a killed run left. */
public final class MountTable {
    private MountTable() { }

    /** Mount points (absolute, unescaped) of every mount this process can see. */
    public static List<Path> mountPoints() {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    out.add(Path.of(unescape(f[4])));
                }
            }
        } catch (IOException e) {
            // No /proc: nothing we can check.
        }
        return out;
    }

    public static boolean isMounted(Path mountPoint) {
        return mountPoints().contains(mountPoint.toAbsolutePath());
    }

    /** Detaches {@code mountPoint} lazily, so a busy or dead FUSE server cannot block us. */
    public static boolean forceUnmount(Path mountPoint) {
        for (List<String> cmd : List.of(
                List.of("fusermount", "-u", "-z", mountPoint.toString()),
                List.of("fusermount3", "-u", "-z", mountPoint.toString()),
                List.of("umount", "-l", mountPoint.toString()))) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !isMounted(mountPoint)) {
                    return true;
                }
            } catch (IOException e) {
                // That tool is not installed: try the next.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !isMounted(mountPoint);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
