package dev.lazybuild.vfs;

/** What makes a lockfile-supplied file name safe to expose in the mount. */
final class Names {
    private static final int NAME_MAX = 255;

    private Names() { }

    /** Why {@code name} cannot be one path segment, or null when it can. */
    static String problemWith(String name) {
        if (name.isEmpty()) {
            return "empty path segment";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' would leave its directory";
        }
        if (name.indexOf('/') >= 0) {
            return "contains '/'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character";
            }
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX) {
            return "longer than " + NAME_MAX + " bytes";
        }
        return null;
    }
}
