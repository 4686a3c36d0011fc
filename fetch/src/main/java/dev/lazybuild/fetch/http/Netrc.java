package dev.lazybuild.fetch.http;

import dev.lazybuild.fetch.BaseDirectories;
import dev.lazybuild.fetch.LazybuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a {@code .netrc} file, as curl, pip and git read it: {@code machine HOST
 * login USER password SECRET}, and {@code default} for every other host. Passwords never
 * appear in a message or a {@code toString()}.
 */
final class Netrc {
    static final Netrc EMPTY = new Netrc(Map.of(), null);

    /** A login and its password. */
    record Login(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    private final Map<String, Login> machines;
    private final Login fallback;

    private Netrc(Map<String, Login> machines, Login fallback) {
        this.machines = machines;
        this.fallback = fallback;
    }

    /** {@code $NETRC}, else {@code ~/.netrc}, as curl finds it. */
    static Path location(Map<String, String> env) {
        String explicit = env.get("NETRC");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return BaseDirectories.home(env).resolve(".netrc");
    }

    /** The file's entries; an absent file has none. */
    static Netrc read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new LazybuildException(LazybuildException.Kind.CONFIG,
                    "cannot read " + file + ": " + e.getMessage() + " (fix its permissions or set NETRC)", e);
        }
        return parse(text);
    }

    static Netrc parse(String text) {
        Map<String, Login> machines = new HashMap<>();
        Login fallback = null;
        List<String> lines = text.lines().toList();
        String machine = null;
        boolean isDefault = false;
        String user = null;
        String password = null;
        StringBuilder tokens = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("macdef")) {
                // A macro runs until the next empty line; it holds no credentials.
                while (i + 1 < lines.size() && !lines.get(i + 1).isBlank()) {
                    i++;
                }
                continue;
            }
            if (!line.trim().startsWith("#")) {
                tokens.append(line).append('\n');
            }
        }
        String[] t = tokens.toString().trim().split("\\s+");
        for (int i = 0; i < t.length; i++) {
            String word = t[i];
            switch (word) {
                case "machine", "default" -> {
                    if (machine != null || isDefault) {
                        fallback = store(machines, machine, isDefault, user, password, fallback);
                    }
                    isDefault = word.equals("default");
                    machine = isDefault || i + 1 >= t.length ? null : t[++i].toLowerCase(Locale.ROOT);
                    user = null;
                    password = null;
                }
                case "login" -> user = i + 1 < t.length ? t[++i] : null;
                case "password" -> password = i + 1 < t.length ? t[++i] : null;
                case "account" -> i++;
                default -> { }
            }
        }
        if (machine != null || isDefault) {
            fallback = store(machines, machine, isDefault, user, password, fallback);
        }
        return new Netrc(Map.copyOf(machines), fallback);
    }

    private static Login store(Map<String, Login> machines, String machine, boolean isDefault, String user,
                               String password, Login fallback) {
        if (user == null || password == null) {
            return fallback;
        }
        Login login = new Login(user, password);
        if (isDefault) {
            return login;
        }
        machines.putIfAbsent(machine, login); // like curl, the first entry for a host wins
        return fallback;
    }

    Optional<Login> forHost(String host) {
        Login l = machines.get(host.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(l != null ? l : fallback);
    }

    @Override
    public String toString() {
        return "Netrc" + machines.keySet();
    }
}
