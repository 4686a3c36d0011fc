package dev.lazybuild.fetch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from a lockfile or a server made safe to print. Whoever wrote it must not be able to
 * move the cursor, clear or retitle the terminal, ring its bell, or make a line read in
 * another order than it is stored (U+202E turns {@code gpj.exe} into what looks like
 * {@code exe.jpg}); nor may a printed URL show the password it carries. The one place that
 * decides which characters are unsafe, so the lockfile readers refuse in file names exactly
 * what the console escapes everywhere else.
 */
public final class Printable {
    /**
     * {@code scheme://userinfo@}: the user info ends at the last '@' before the path. Spaces
     * are allowed in it on purpose: a proxy password with a space is still a password. A
     * quote ends it, as messages quote URLs: a later '@' in the message is not the URL's.
     */
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\n'\"]*)@");

    private Printable() { }

    /**
     * True for C0 controls (ESC, BEL, CR, ...), DEL, C1 controls (0x9b is a CSI on many
     * terminals) and the Unicode marks and overrides that reorder or break a line.
     */
    public static boolean isUnsafe(int codePoint) {
        return Character.isISOControl(codePoint)
                || codePoint == 0x061C // ARABIC LETTER MARK
                || codePoint == 0x200E || codePoint == 0x200F // LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
                || (codePoint >= 0x202A && codePoint <= 0x202E) // embeddings and overrides (U+202E RLO)
                || (codePoint >= 0x2066 && codePoint <= 0x2069) // isolates
                || codePoint == 0x2028 || codePoint == 0x2029; // line and paragraph separators
    }

    /** The first unsafe code point of {@code text}, or -1 when it has none. */
    public static int firstUnsafe(CharSequence text) {
        return text.codePoints().filter(Printable::isUnsafe).findFirst().orElse(-1);
    }

    /**
     * {@code text} with every unsafe character written as a visible escape: ESC as
     * {@code \x1b}, U+202E as {@code \u202e}. Everything else is kept as it is.
     */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        if (firstUnsafe(text) < 0) {
            return text.toString();
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!isUnsafe(c)) {
                b.appendCodePoint(c);
            } else if (c <= 0xFF) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append(String.format("\\u%04x", c));
            }
        });
        return b.toString();
    }

    /**
     * A URL as it may be printed: its user info ({@code user:password@}) replaced by
     * {@code ***@}, then escaped. Works on any text, valid URL or not, and on every URL in it.
     */
    public static String url(CharSequence text) {
        if (text == null) {
            return "null";
        }
        Matcher m = USERINFO.matcher(text);
        return escape(m.find() ? m.replaceAll("$1***@") : text.toString());
    }

    /** True when {@code text} holds a URL with user info, which {@link #url} would hide. */
    public static boolean hasUserinfo(CharSequence text) {
        return text != null && USERINFO.matcher(text).find();
    }
}
