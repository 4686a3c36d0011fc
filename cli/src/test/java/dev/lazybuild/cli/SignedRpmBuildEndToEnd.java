package dev.lazybuild.cli;

import dev.lazybuild.testkit.Prerequisites;
import dev.lazybuild.testkit.RpmSigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * End-to-end builds that install RPMs with dnf's default gpgcheck=1: rpmbuild and createrepo_c
 * (a failure with CI=true), and a throw-away signing key whose public half the build imports.
 */
abstract class SignedRpmBuildEndToEnd extends BuildEndToEnd {
    RpmSigningKey key;

    @BeforeEach
    void signingKey() {
        Prerequisites.requireProgram("rpmbuild");
        Prerequisites.requireProgram("createrepo_c");
        key = RpmSigningKey.create();
    }

    @AfterEach
    void removeSigningKey() {
        if (key != null) {
            key.close();
        }
    }
}
