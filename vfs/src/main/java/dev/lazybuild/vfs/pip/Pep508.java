package dev.lazybuild.vfs.pip;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEP 508 dependency specifier grammar, as far as Hermeto relies on {@code packaging}'s
 * {@code Requirement} for it: a name, extras, either version specifiers or {@code @ URL}, and an
 * environment marker, which is kept as text (Hermeto never evaluates markers: it prefetches
 * every requirement whatever the platform).
 */
final class Pep508 {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern SPECIFIER = Pattern.compile("\\s*(~=|===|==|!=|<=|>=|<|>)\\s*([A-Za-z0-9_.!+*-]+)\\s*");

    /** One version clause, {@code ==1.0}. */
    record Specifier(String operator, String version) { }

    /** A parsed dependency specifier. */
    record Parsed(String name, List<String> extras, List<Specifier> specifiers, String url, String marker) { }

    private Pep508() { }

    /** @throws IllegalArgumentException saying what is wrong, as packaging's InvalidRequirement does */
    static Parsed parse(String text) {
        Cursor c = new Cursor(text);
        c.skipSpace();
        Matcher name = NAME.matcher(text).region(c.at, text.length());
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("Expected package name at the start of dependency specifier");
        }
        c.at = name.end();
        c.skipSpace();
        List<String> extras = new ArrayList<>();
        if (c.take('[')) {
            int close = text.indexOf(']', c.at);
            if (close < 0) {
                throw new IllegalArgumentException("Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras");
            }
            for (String extra : text.substring(c.at, close).split(",")) {
                if (!extra.isBlank() && !NAME.matcher(extra.strip()).matches()) {
                    throw new IllegalArgumentException("Expected extra name, got '" + extra.strip() + "'");
                }
                if (!extra.isBlank()) {
                    extras.add(extra.strip());
                }
            }
            c.at = close + 1;
            c.skipSpace();
        }
        String url = null;
        List<Specifier> specifiers = new ArrayList<>();
        if (c.take('@')) {
            c.skipSpace();
            int start = c.at;
            while (c.at < text.length() && !Character.isWhitespace(text.charAt(c.at))) {
                c.at++;
            }
            url = text.substring(start, c.at);
            if (url.isEmpty()) {
                throw new IllegalArgumentException("Expected URL after @");
            }
            c.skipSpace();
        } else {
            boolean parenthesised = c.take('(');
            int end = parenthesised ? text.indexOf(')', c.at) : indexOrEnd(text, ';', c.at);
            if (end < 0) {
                throw new IllegalArgumentException("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier");
            }
            String clauses = text.substring(c.at, end);
            if (!clauses.isBlank()) {
                for (String clause : clauses.split(",", -1)) {
                    Matcher m = SPECIFIER.matcher(clause);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("Expected end or semicolon (after version specifier)");
                    }
                    specifiers.add(new Specifier(m.group(1), m.group(2)));
                }
            }
            c.at = parenthesised ? end + 1 : end;
            c.skipSpace();
        }
        String marker = null;
        if (c.take(';')) {
            marker = text.substring(c.at).strip();
            if (marker.isEmpty()) {
                throw new IllegalArgumentException("Expected marker after semicolon");
            }
            c.at = text.length();
        }
        if (c.at < text.length()) {
            throw new IllegalArgumentException("Expected end or semicolon (after " + (url != null ? "URL and whitespace" : "version specifier") + ")");
        }
        return new Parsed(name.group(), List.copyOf(extras), List.copyOf(specifiers), url, marker);
    }

    private static int indexOrEnd(String text, char ch, int from) {
        int i = text.indexOf(ch, from);
        return i < 0 ? text.length() : i;
    }

    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean take(char ch) {
            if (at < text.length() && text.charAt(at) == ch) {
                at++;
                return true;
            }
            return false;
        }
    }
}
