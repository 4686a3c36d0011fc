package dev.lazybuild.cli.command;

/**
 * One line of {@code lazybuild doctor}: what was checked, what was found and, for a problem,
 * the fix. A required check's problem makes lazybuild unusable; a warning does not.
 */
record Check(String name, Status status, String found, String fix) {
    enum Status { OK, WARNING, PROBLEM }

    static Check ok(String name, String found) {
        return new Check(name, Status.OK, found, "");
    }

    static Check problem(String name, String found, String fix) {
        return new Check(name, Status.PROBLEM, found, fix);
    }

    static Check warning(String name, String found, String fix) {
        return new Check(name, Status.WARNING, found, fix);
    }
}
