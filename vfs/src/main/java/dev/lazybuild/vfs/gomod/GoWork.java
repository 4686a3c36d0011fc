package dev.lazybuild.vfs.gomod;

import java.util.List;
import java.util.Map;

/**
 * A {@code go.work} file: the modules of a workspace ({@code use}, directories relative to the
 * file) and the replacements that override theirs. With one, the go command works on all the
 * used modules at once, so Hermeto's download covers all of them.
 *
 * @param goVersion its {@code go} line, or null
 * @param uses the used directories, as written
 * @param replaces its replacements, which win over the modules' own
 */
public record GoWork(String goVersion, List<String> uses, Map<GoModFile.Replaced, GoModFile.Replacement> replaces) {

    /** @throws dev.lazybuild.vfs.lockfile.LockfileException naming the file and line */
    public static GoWork parse(String name, String text) {
        GoModFile.Parser p = new GoModFile.Parser(name, true, true).parse(text);
        GoModFile syntax = p.goMod();
        if (p.uses().isEmpty()) {
            throw new dev.lazybuild.vfs.lockfile.LockfileException(name + ": no 'use' line: a workspace needs at least one module");
        }
        return new GoWork(syntax.goVersion(), p.uses(), syntax.replaces());
    }
}
