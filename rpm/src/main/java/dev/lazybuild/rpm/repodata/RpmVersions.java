package dev.lazybuild.rpm.repodata;

/** rpm's version comparison ({@code rpmvercmp}), for the one place createrepo_c uses it. */
final class RpmVersions {
    private RpmVersions() { }

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
    static int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !isAlnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < b.length() && !isAlnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            char x = i < a.length() ? a.charAt(i) : 0;
            char y = j < b.length() ? b.charAt(j) : 0;
            // A tilde sorts before everything, even the end; a caret after the end, before the rest.
            if (x == '~' || y == '~') {
                if (x != '~') {
                    return 1;
                }
                if (y != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (x == '^' || y == '^') {
                if (x == 0) {
                    return -1;
                }
                if (y == 0) {
                    return 1;
                }
                if (x != '^') {
                    return 1;
                }
                if (y != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (x == 0 || y == 0) {
                break;
            }
            boolean numeric = isDigit(x);
            int ei = i;
            int ej = j;
            while (ei < a.length() && (numeric ? isDigit(a.charAt(ei)) : isAlpha(a.charAt(ei)))) {
                ei++;
            }
            while (ej < b.length() && (numeric ? isDigit(b.charAt(ej)) : isAlpha(b.charAt(ej)))) {
                ej++;
            }
            if (ei == i) {
                return -1;
            }
            if (ej == j) {
                return numeric ? 1 : -1;
            }
            String one = a.substring(i, ei);
            String two = b.substring(j, ej);
            if (numeric) {
                one = one.replaceFirst("^0+", "");
                two = two.replaceFirst("^0+", "");
                if (one.length() != two.length()) {
                    return one.length() > two.length() ? 1 : -1;
                }
            }
            int c = one.compareTo(two);
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
            i = ei;
            j = ej;
        }
        boolean endA = i >= a.length();
        boolean endB = j >= b.length();
        if (endA && endB) {
            return 0;
        }
        return endA ? -1 : 1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isAlpha(c);
    }
}
