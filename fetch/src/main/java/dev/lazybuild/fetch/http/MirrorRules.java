package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.RemoteFile;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * URL prefix rewriting for mirrors (an Artifactory or Nexus in front of PyPI, npm, Fedora):
 * {@code "https://files.pythonhosted.org/" = "https://mirror.example/pypi/"}. The longest
 * matching prefix wins; the mirror is tried first and the lockfile's own URL after it, and
 * the digest check makes both equally safe.
 */
public final class MirrorRules {
    public static final MirrorRules NONE = new MirrorRules(Map.of());

    private record Rule(String from, String to) { }

    private final List<Rule> rules;

    public MirrorRules(Map<String, String> prefixes) {
        List<Rule> r = new ArrayList<>();
        prefixes.forEach((from, to) -> r.add(new Rule(from, to)));
        r.sort(Comparator.comparingInt((Rule x) -> x.from().length()).reversed());
        this.rules = List.copyOf(r);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The URLs to try for {@code url}, in order: its mirror (if a rule matches), then itself. */
    public List<URI> candidates(URI url) {
        String s = url.toString();
        for (Rule rule : rules) {
            if (s.startsWith(rule.from())) {
                return List.of(URI.create(rule.to() + s.substring(rule.from().length())), url);
            }
        }
        return List.of(url);
    }

    /** {@code file} with every URL expanded by {@link #candidates(URI)}. */
    public RemoteFile apply(RemoteFile file) {
        if (rules.isEmpty()) {
            return file;
        }
        List<URI> urls = new ArrayList<>();
        for (URI u : file.urls()) {
            for (URI c : candidates(u)) {
                if (!urls.contains(c)) {
                    urls.add(c);
                }
            }
        }
        return new RemoteFile(urls, file.digest(), file.size(), file.name());
    }
}
