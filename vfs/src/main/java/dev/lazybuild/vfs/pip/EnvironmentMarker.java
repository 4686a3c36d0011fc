package dev.lazybuild.vfs.pip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 508 environment marker printed as {@code packaging} 26's {@code str(Marker(text))} prints
 * it, since Hermeto writes a URL requirement's marker back that way: one space around each
 * operator and boolean, values in double quotes, {@code os.name}-style names with '_', the
 * {@code python_implementation} alias renamed, {@code extra} values canonicalised, and
 * parentheses dropped around a group that is alone in its parentheses (packaging's
 * {@code _format_marker} unwraps a one-item list). Markers are never evaluated: Hermeto
 * prefetches every requirement whatever the platform.
 */
final class EnvironmentMarker {
    // packaging's _tokenizer.DEFAULT_RULES for markers.
    private static final Pattern WS = Pattern.compile("[ \t]+");
    private static final Pattern QUOTED_STRING = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern OP = Pattern.compile("===|==|~=|!=|<=|>=|<|>");
    private static final Pattern BOOLOP = Pattern.compile("\\b(or|and)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern IN = Pattern.compile("\\bin\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NOT = Pattern.compile("\\bnot\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern VARIABLE = Pattern.compile("\\b(python_version|python_full_version|os[._]name|sys[._]platform"
            + "|platform_(release|system)|platform[._](version|machine|python_implementation)|python_implementation"
            + "|implementation_(name|version)|extras?|dependency_groups)\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private final String source;
    private int at;

    private EnvironmentMarker(String source) {
        this.source = source;
    }

    /**
     * @param text the marker after a requirement's ';'
     * @throws IllegalArgumentException where packaging raises InvalidMarker, or for a quoted
     *         value with a backslash (Python evaluates its escapes; lazybuild does not guess them)
     */
    static String normalized(String text) {
        EnvironmentMarker parser = new EnvironmentMarker(text);
        List<Object> marker = parser.marker();
        if (parser.at != text.length()) {
            throw parser.error("Expected end of marker expression");
        }
        return format(marker, true);
    }

    /** marker = marker_atom (BOOLOP marker_atom)* : a list of atoms (String[] items or nested lists) and "and"/"or". */
    private List<Object> marker() {
        List<Object> expression = new ArrayList<>();
        expression.add(atom());
        String bool;
        while ((bool = take(BOOLOP)) != null) {
            expression.add(bool);
            expression.add(atom());
        }
        return expression;
    }

    private Object atom() {
        take(WS);
        Object atom;
        if (source.startsWith("(", at)) {
            at++;
            take(WS);
            atom = marker();
            take(WS);
            if (!source.startsWith(")", at)) {
                throw error("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression");
            }
            at++;
        } else {
            String left = variable();
            take(WS);
            String op = operator();
            take(WS);
            String right = variable();
            atom = normalizedExtra(new String[] {left, op, right});
        }
        take(WS);
        return atom;
    }

    private String variable() {
        String name = take(VARIABLE);
        if (name != null) {
            name = name.replace('.', '_');
            return name.equals("python_implementation") ? "platform_python_implementation" : name;
        }
        String quoted = take(QUOTED_STRING);
        if (quoted == null) {
            throw error("Expected a marker variable or quoted string");
        }
        String value = quoted.substring(1, quoted.length() - 1);
        if (value.indexOf('\\') >= 0) {
            throw error("a quoted value with a backslash is not written back by lazybuild (Python would evaluate its escapes)");
        }
        if (value.indexOf('"') >= 0) {
            throw error("a value with a '\"' cannot be written back in double quotes (Hermeto fails on it too)");
        }
        return "\"" + value + "\"";
    }

    private String operator() {
        if (take(IN) != null) {
            return "in";
        }
        if (take(NOT) != null) {
            if (take(WS) == null || take(IN) == null) {
                throw error("Expected 'in' after 'not'");
            }
            return "not in";
        }
        String op = take(OP);
        if (op == null) {
            throw error("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
        }
        return op;
    }

    /** packaging's _normalize_extras: the value compared with {@code extra} is a canonical name. */
    private static String[] normalizedExtra(String[] item) {
        if (item[0].equals("extra") && item[2].startsWith("\"")) {
            item[2] = "\"" + canonical(item[2]) + "\"";
        } else if (item[2].equals("extra") && item[0].startsWith("\"")) {
            item[0] = "\"" + canonical(item[0]) + "\"";
        }
        return item;
    }

    private static String canonical(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    /** packaging's _format_marker. */
    private static String format(Object marker, boolean first) {
        if (marker instanceof List<?> list && list.size() == 1 && !(list.get(0) instanceof String)) {
            return format(list.get(0), true);
        }
        if (marker instanceof List<?> list) {
            List<String> inner = new ArrayList<>();
            list.forEach(m -> inner.add(format(m, false)));
            return first ? String.join(" ", inner) : "(" + String.join(" ", inner) + ")";
        }
        return marker instanceof String[] item ? String.join(" ", item) : (String) marker;
    }

    private String take(Pattern token) {
        Matcher m = token.matcher(source).region(at, source.length()).useTransparentBounds(true).useAnchoringBounds(false);
        if (!m.lookingAt()) {
            return null;
        }
        at = m.end();
        return m.group();
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("invalid marker '" + source + "': " + message + " (at character " + (at + 1) + ")");
    }
}
