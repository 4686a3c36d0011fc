package dev.lazybuild.rpm.header;

import dev.lazybuild.testkit.Rpms;

/**
 * Real RPMs (rpmbuild) with what repodata must carry: scriptlets and their pre-requires,
 * rich and weak dependencies, config, directories and ghosts, a changelog longer than
 * createrepo_c keeps with entries of equal time, many files, libc requires, several arches.
 */
public final class TestPackages {
    private TestPackages() { }

    /** noarch: rich and weak dependencies, scriptlets, a long changelog, every file kind. */
    public static Rpms.Rpm rich() {
        StringBuilder changelog = new StringBuilder();
        for (int i = 14; i >= 1; i--) {
            // Entries 8 to 6 share one date: createrepo_c moves the earlier-read ones a second up.
            int day = i >= 6 && i <= 8 ? 6 : i;
            changelog.append("* ").append(day < 10 ? "Mon Nov 0" : "Mon Nov ").append(day)
                    .append(" 2023 Änne Tester <a@b.invalid> - 2:1.0-").append(i).append("   \n- change <").append(i)
                    .append("> & \"quoted\"\n\n");
        }
        return Rpms.buildSpec("lazyrich", "1.0", "3", "noarch", """
                Name: lazyrich
                Epoch: 2
                Version: 1.0
                Release: 3
                Summary: rich <test> & "stuff" for Zürich
                License: MIT and (ASL 2.0 or BSD)
                URL: https://example.invalid/lazyrich?a=1&b=2
                Group: Development/Tools
                Vendor: lazybuild tests
                Packager: Tester <t@example.invalid>
                BuildArch: noarch
                Requires: (foo or bar)
                Requires: (baz >= 1.2 if qux)
                Requires: baz >= 1.2-3
                Requires: baz >= 1.2-3
                Requires: versioned = 1:2.0
                Requires(pre): /bin/sh
                Requires(post): coreutils
                Requires(preun): preun-dep
                Requires(postun): postun-dep
                Requires(pretrans): pretrans-dep
                Requires(posttrans): posttrans-dep
                Requires: /usr/bin/lazyrich-tool
                Requires: /usr/share/lazyrich/data
                Requires: self-provided = 1.0
                Provides: self-provided = 1.0
                Provides: virt(lazyrich) = 1.0
                Provides: unversioned-capability
                Conflicts: old < 2
                Obsoletes: older <= 1:1.1
                Recommends: rec
                Recommends: (rec2 and rec3)
                Suggests: (sug if cond)
                Suggests: sug-plain > 0.1
                Supplements: (supp and lazyrich)
                Enhances: enh > 0
                %description
                Long description with <markup> & entities,
                on two lines.
                %install
                mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/lazyrich %{buildroot}/usr/share/lazyrich/dir
                mkdir -p %{buildroot}/usr/lib %{buildroot}/opt/tools/sbin
                echo a > %{buildroot}/usr/bin/lazyrich-tool
                echo b > %{buildroot}/etc/lazyrich/conf
                echo c > %{buildroot}/usr/share/lazyrich/dir/data
                echo d > %{buildroot}/usr/share/lazyrich/data
                echo e > %{buildroot}/usr/lib/sendmail
                echo f > %{buildroot}/opt/tools/sbin/helper
                echo g > "%{buildroot}/usr/share/lazyrich/a file with spaces & <brackets>"
                touch %{buildroot}/usr/share/lazyrich/ghostfile
                %pre
                echo pre
                %post -p /bin/sh
                echo post
                %preun
                echo preun
                %posttrans
                echo posttrans
                %files
                /usr/bin/lazyrich-tool
                %config(noreplace) /etc/lazyrich/conf
                %dir /etc/lazyrich
                /usr/share/lazyrich/dir
                /usr/share/lazyrich/data
                "/usr/share/lazyrich/a file with spaces & <brackets>"
                /usr/lib/sendmail
                /opt/tools/sbin/helper
                %ghost /usr/share/lazyrich/ghostfile
                %changelog
                """ + changelog);
    }

    /** An arch package with {@code files} files and libc requires, of which createrepo_c keeps the highest. */
    public static Rpms.Rpm manyFiles(String arch, int files) {
        return Rpms.buildSpec("lazymany", "4.5", "1", arch, """
                Name: lazymany
                Version: 4.5
                Release: 1
                Summary: many files
                License: MIT
                Requires: libc.so.6(GLIBC_2.4)
                Requires: libc.so.6(GLIBC_2.17)
                Requires: libc.so.6()
                Requires: libm.so.6(GLIBC_2.29)
                Provides: lazymany-api(%s) = 4
                %%description
                Many files.
                %%install
                mkdir -p %%{buildroot}/usr/share/lazymany %%{buildroot}/usr/libexec/lazymany/bin
                for i in $(seq 1 %d); do echo $i > %%{buildroot}/usr/share/lazymany/file-$i.txt; done
                echo x > %%{buildroot}/usr/libexec/lazymany/bin/run
                %%files
                /usr/share/lazymany
                /usr/libexec/lazymany
                """.formatted(arch, files));
    }

    /** A package with no files, no changelog and no URL: the empty cases. */
    public static Rpms.Rpm bare(String arch) {
        return Rpms.buildSpec("lazybare", "0.1", "1", arch, """
                Name: lazybare
                Version: 0.1
                Release: 1
                Summary: bare
                License: MIT
                %s
                %%description
                Nothing.
                %%files
                """.formatted(arch.equals("noarch") ? "BuildArch: noarch" : ""));
    }
}
