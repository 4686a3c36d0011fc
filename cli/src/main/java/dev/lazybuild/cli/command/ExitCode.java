package dev.lazybuild.cli.command;

/**
 * Exit statuses. {@code build} passes podman's own status through once podman has run, so
 * these codes describe failures before or around podman.
 */
public enum ExitCode {
    OK(0, "Success (for build: podman's own exit status is passed through)."),
    USAGE(2, "Usage error: an unknown option or a bad value."),
    LOCKFILE(3, "A lockfile cannot be read or used (the message names file and entry)."),
    FETCH(4, "A download or digest verification failed (the message names the URL)."),
    PREREQUISITE(5, "A system prerequisite is missing: podman, FUSE, createrepo_c (see 'lazybuild doctor')."),
    CONFIG(6, "Configuration or cache directory problem."),
    SOFTWARE(70, "Internal error: please report it with the output of --verbose."),
    INTERRUPTED(130, "Interrupted (SIGINT); 143 for SIGTERM.");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }
public 
    String meaning() {
        return meaning;
    }
}
