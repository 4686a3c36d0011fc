package dev.lazybuild.vfs.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lazybuild.vfs.lockfile.LockfileException;
import dev.lazybuild.vfs.pip.RequirementsFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * pip's inject-files, byte for byte. The inputs are our own; every expected output was checked
 * by running Hermeto's own {@code _replace_external_requirements} and {@code string.Template}
 * substitution (hermetoproject/hermeto at fa564006, packaging 26.2, Python 3.11) on the same
 * bytes, with {@code --for-output-dir /cachi2/output} as Konflux runs it.
 */
class PipInjectionTest {
    private static final String REF = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    void aFileWithoutUrlOrVcsRequirementsIsLeftAsItIs() throws IOException {
        assertThat(rewrite("--index-url https://i/simple\nfoo==1.0.0 --hash=sha256:aa\n# url @ https://x/y.whl\n")).isEmpty();
    }

    @Test
    void theWholeFileIsWrittenAgainInHermetosNormalForm() throws IOException {
        String original = "# a comment\n"
                + "--index-url https://pypi.example/simple/   # trailing comment\n"
                + "requests==2.31.0 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\n"
                + "\n"
                + "Foo_Bar[extra1] @ https://files.example/pkgs/Foo_Bar-1.0.tar.gz#cachito_hash=sha256:1234&egg=Foo_Bar"
                + " --hash=sha256:1234 ; python_version<'3.12' and (os.name==\"posix\" or sys.platform == 'linux')\n"
                + "-e git+https://github.com/org/Repo.git@" + REF.toUpperCase() + "#egg=repo\n"
                + "wheelpkg @ https://files.example/a/wheel%2Bpkg-1.0-py3-none-any.whl --hash=sha256:cccc\n"
                + "--require-hashes\n"
                + "x==1 ; python_version<'3'   # a pypi line keeps its marker as written\n";
        // Options first in file order; extras and -e dropped; the name as written, the sdist's file named after the
        // canonical one; the egg's value keeps the space before "; " (Hermeto splits there), hence two spaces.
        assertThat(rewrite(original)).hasValue("--index-url https://pypi.example/simple/ --require-hashes\n"
                + "requests==2.31.0 --hash=sha256:aaaa --hash=sha256:bbbb\n"
                + "Foo_Bar @ file:///cachi2/output/deps/pip/foo-bar-1234.tar.gz#cachito_hash=sha256:1234&egg=Foo_Bar "
                + " ; python_version < \"3.12\" and (os_name == \"posix\" or sys_platform == \"linux\") --hash=sha256:1234\n"
                + "repo @ file:///cachi2/output/deps/pip/Repo-gitcommit-" + REF + ".tar.gz#egg=repo\n"
                + "wheelpkg @ file:///cachi2/output/deps/pip/wheel+pkg-1.0-py3-none-any.whl --hash=sha256:cccc\n"
                + "x==1 ; python_version<'3'\n");
    }

    @Test
    void aWheelKeepsItsNameAndAnotherFileIsNamedAfterItsHash() throws IOException {
        assertThat(rewrite("Flask @ http://127.0.0.1:8080/files/flask-3.0.0-py3-none-any.whl#cachito_hash=sha256:ab "
                + "--hash=sha256:ab\n")).hasValue("Flask @ file:///cachi2/output/deps/pip/flask-3.0.0-py3-none-any.whl"
                + "#cachito_hash=sha256:ab --hash=sha256:ab\n");
        assertThat(rewrite("foo[x,y] @ https://h/foo-1.0.tar.Z --hash=sha256:aa --hash=sha512:bb\n"))
                .hasValue("foo @ file:///cachi2/output/deps/pip/foo-aa.tar.Z --hash=sha256:aa --hash=sha512:bb\n");
        assertThat(rewrite("Foo.Bar @ https://h/foo.tar.xz --hash=sha256:aa\n"))
                .hasValue("Foo.Bar @ file:///cachi2/output/deps/pip/foo-bar-aa.tar.xz --hash=sha256:aa\n");
        // urlparse: ";params" of http(s) URLs are not part of the path; the scheme's case does not matter.
        assertThat(rewrite("foo @ https://h/p/foo-1.0-py3-none-any.whl;params --hash=md5:bb\n"))
                .hasValue("foo @ file:///cachi2/output/deps/pip/foo-1.0-py3-none-any.whl --hash=md5:bb\n");
        assertThat(rewrite("foo @ HTTPS://h/Foo-1.0-py3-none-any.whl --hash=sha256:aa\n"))
                .hasValue("foo @ file:///cachi2/output/deps/pip/Foo-1.0-py3-none-any.whl --hash=sha256:aa\n");
        assertThat(rewrite("foo @ https://h/%E2%82%zz%ff-1.whl --hash=sha256:aa\n"))
                .hasValue("foo @ file:///cachi2/output/deps/pip/\ufffd%zz\ufffd-1.whl --hash=sha256:aa\n");
    }

    @Test
    void aGitRequirementIsNamedAfterItsRepositoryAndLowercasedRef() throws IOException {
        assertThat(rewrite("foo==1.0.0\nbar @ git+https://github.com/org/bar@" + REF + "\n"))
                .hasValue("foo==1.0.0\nbar @ file:///cachi2/output/deps/pip/bar-gitcommit-" + REF + ".tar.gz\n");
        assertThat(rewrite("-e git+https://h/ns/sub/Repo.git@" + REF.toUpperCase() + "#egg=Repo&subdirectory=x\n--editable bar==1\n"))
                .hasValue("Repo @ file:///cachi2/output/deps/pip/Repo-gitcommit-" + REF + ".tar.gz#egg=Repo&subdirectory=x\n"
                        + "--editable bar==1\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "extra == \"Foo_Bar\" or extra==\"X.y\"                      | extra == \"foo-bar\" or extra == \"x-y\"",
        "(python_version >= \"3.8\") and ((os_name==\"nt\" or os_name == \"posix\")) "
                + "| python_version >= \"3.8\" and os_name == \"nt\" or os_name == \"posix\"",
        "python_version not   in \"2.7, 3.4\" and platform.machine in 'x86_64' "
                + "| python_version not in \"2.7, 3.4\" and platform_machine in \"x86_64\"",
        "(python_version<\"3\")                                       | python_version < \"3\"",
        "python_version<\"3\" and (os_name==\"a\" and (sys_platform==\"b\")) "
                + "| python_version < \"3\" and (os_name == \"a\" and sys_platform == \"b\")",
        "python_implementation == \"CPython\" and os.name!=\"x\"     | platform_python_implementation == \"CPython\" and os_name != \"x\"",
        "sys_platform == \"é\" and extra == \"Ü_x\"                   | sys_platform == \"é\" and extra == \"ü-x\"",
    })
    void aUrlRequirementsMarkerIsWrittenAsPackagingPrintsIt(String marker, String expected) throws IOException {
        assertThat(rewrite("foo @ https://h/foo.zip --hash=sha256:aa ; " + marker.strip() + "\n"))
                .hasValue("foo @ file:///cachi2/output/deps/pip/foo-aa.zip ; " + expected.strip() + " --hash=sha256:aa\n");
    }

    @Test
    void dollarsAreSubstitutedAsStringTemplateDoesAnywhereInTheFile() throws IOException {
        assertThat(rewrite("--trusted-host a$$b --use-feature $output_dir --use-feature ${output_dir}x --use-feature $OUTPUT_DIR\n"
                + "--use-feature ${other} --use-feature $ --use-feature $1 --use-feature ${output_dir --use-feature $output_dirx\n"
                + "a @ https://h/$$a/a-1.0.tar.bz2#k=$$v$output_dir --hash=sha256:c$output_dir\n"))
                .hasValue("--trusted-host a$b --use-feature /cachi2/output --use-feature /cachi2/outputx --use-feature $OUTPUT_DIR"
                        + " --use-feature ${other} --use-feature $ --use-feature $1 --use-feature ${output_dir --use-feature $output_dirx\n"
                        + "a @ file:///cachi2/output/deps/pip/a-c/cachi2/output.tar.bz2#k=$v/cachi2/output --hash=sha256:c/cachi2/output\n");
    }

    @Test
    void linesAreSplitAndOptionsKeptAsHermetoReadsThem() throws IOException {
        assertThat(rewrite("x==1\r\nfoo @ https://h/foo.zip --hash=sha256:aa\r\n\fy==2\n"))
                .hasValue("x==1\nfoo @ file:///cachi2/output/deps/pip/foo-aa.zip --hash=sha256:aa\ny==2\n");
        assertThat(rewrite("foo\u00a0@ https://h/foo.zip --hash=sha256:aa\n"))
                .as("Python splits on a no-break space").hasValue("foo @ file:///cachi2/output/deps/pip/foo-aa.zip --hash=sha256:aa\n");
        // -r and -c are written back, never followed: lazybuild reads no file they name.
        assertThat(rewrite("-r ../../etc/passwd\n-c /etc/shadow\nfoo @ https://h/foo-1.0.tar.gz --hash=sha256:aa\n"))
                .hasValue("-r ../../etc/passwd -c /etc/shadow\nfoo @ file:///cachi2/output/deps/pip/foo-aa.tar.gz --hash=sha256:aa\n");
        // An unquoted newline in a qualifier is written as Hermeto writes it: the file only attacks itself.
        assertThat(rewrite("foo @ https://h/foo.zip#a=b%0A--index-url --hash=sha256:aa\n"))
                .hasValue("foo @ file:///cachi2/output/deps/pip/foo-aa.zip#a=b\n--index-url --hash=sha256:aa\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "foo @ https://h/a/%2E%2E%2Fetc%2Fx.whl --hash=sha256:aa | line 1: its file in deps/pip would be named '../etc/x.whl', which contains '/'",
        "foo @ file:///etc/passwd --hash=sha256:aa               | line 1: Direct references with 'file' scheme are not supported",
        "foo @ https://h/foo.zip#a=b%20c --hash=sha256:aa        | line 1: the unquoted #a=b c has a space inside",
        "foo @ https://h/foo.gz --hash=sha256:aa ; os_name == 'a\"b' | line 1: invalid marker",
        "foo @ https://h/foo.gz --hash=sha256:aa ; os_name == 'a\\b' | line 1: invalid marker",
        "foo @ https://h/foo.gz --hash=sha256:aa ; python_version<\"3\" or | line 1: invalid marker",
        "`x==1\n--frobnicate`                                     | line 2: Unknown requirements file option '--frobnicate'",
    })
    void whatHermetoCannotWriteBackIsOneErrorNamingFileAndLine(String content, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("requirements.txt"), content.strip() + "\n");
        assertThatThrownBy(() -> PipInjection.requirementsFile(RequirementsFile.read(file), "/cachi2/output"))
                .isInstanceOf(LockfileException.class).hasMessageContaining(file.toString())
                .hasMessageContaining(message.strip());
    }

    @Test
    void aFileThatIsNotUtf8OrTooLargeIsRefusedBeforeItIsParsed() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "foo @ https://h/f\u00e9.whl --hash=sha256:aa\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> RequirementsFile.read(latin1)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("latin1.txt").hasMessageContaining("not UTF-8");
        Path huge = dir.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(17L << 20); // sparse: no disk used
        }
        assertThatThrownBy(() -> RequirementsFile.read(huge)).isInstanceOf(LockfileException.class)
                .hasMessageContaining("huge.txt").hasMessageContaining("larger than 16 MiB");
    }

    @Test
    void stringTemplateSafeSubstitute() {
        assertThat(PipInjection.safeSubstitute("$$ $output_dir ${output_dir} $Output_dir ${x} $ ${ $_a1 $9", "/o"))
                .isEqualTo("$ /o /o $Output_dir ${x} $ ${ $_a1 $9");
        assertThat(PipInjection.safeSubstitute("end$", "/o")).isEqualTo("end$");
    }

    private Optional<String> rewrite(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("requirements.txt"), content);
        return PipInjection.requirementsFile(RequirementsFile.read(file), "/cachi2/output")
                .map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
