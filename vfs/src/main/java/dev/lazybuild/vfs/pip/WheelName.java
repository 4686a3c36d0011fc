package dev.lazybuild.vfs.pip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compatibility tags of a wheel file name, read as {@code packaging.utils.parse_wheel_filename}
 * reads them: {@code name-version(-build)?-python-abi-platform.whl}, each tag part possibly a
 * {@code .}-separated set ({@code py2.py3}, {@code manylinux_2_17_x86_64.manylinux2014_x86_64}).
 */
record WheelName(String name, String version, List<Tag> tags) {

    /** One interpreter-abi-platform combination. */
    record Tag(String interpreter, String abi, String platform) { }

    WheelName {
        tags = List.copyOf(tags);
    }

    /** The parsed name, or null when the file name is not a valid wheel name (Hermeto skips those with a warning). */
    static WheelName parse(String fileName) {
        if (!fileName.endsWith(".whl")) {
            return null;
        }
        String stem = fileName.substring(0, fileName.length() - 4);
        long dashes = stem.chars().filter(c -> c == '-').count();
        if (dashes != 4 && dashes != 5) {
            return null;
        }
        String[] parts = stem.split("-", (int) dashes - 1);
        String namePart = parts[0];
        if (namePart.contains("__") || !namePart.matches("[\\w.]*")) {
            return null;
        }
        if (!Pep440.valid(parts[1]) || (dashes == 5 && !parts[2].matches("\\d.*"))) {
            return null;
        }
        String[] tag = parts[parts.length - 1].toLowerCase(Locale.ROOT).split("-");
        List<Tag> tags = new ArrayList<>();
        for (String interpreter : tag[0].split("\\.")) {
            for (String abi : tag[1].split("\\.")) {
                for (String platform : tag[2].split("\\.")) {
                    tags.add(new Tag(interpreter, abi, platform));
                }
            }
        }
        return new WheelName(ProjectName.canonical(namePart), parts[1], tags);
    }
}
