package dev.lazybuild.vfs.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Simple index pages as pypi_simple reads them, and hostile ones refused with a reason. */
class ProjectPageTest {
    private static final URI PAGE = URI.create("https://index.example/simple/demo/");
    private static final String HEX = "ab".repeat(32);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void htmlLinksResolveAgainstThePageOrItsBaseAndCarryTheirDigestInTheFragment() {
        ProjectPage page = ProjectPage.parse(PAGE, "text/html", utf8("""
                <html><body>
                <a href="../../files/demo-1.0.tar.gz#sha256=%s" data-requires-python="&gt;=3.8">demo-1.0.tar.gz</a>
                <A HREF='https://cdn.example/x/demo-1.0-py3-none-any.whl' data-yanked>demo-1.0-py3-none-any.whl</A>
                <a>no href</a>
                </body></html>""".formatted(HEX.toUpperCase())));
        assertThat(page.files()).containsExactly(
                new IndexFile("demo-1.0.tar.gz", URI.create("https://index.example/files/demo-1.0.tar.gz"), Map.of("sha256", HEX), false, -1),
                new IndexFile("demo-1.0-py3-none-any.whl", URI.create("https://cdn.example/x/demo-1.0-py3-none-any.whl"), Map.of(), true, -1));

        ProjectPage based = ProjectPage.parse(PAGE, null, utf8("<base href=\"https://other.example/pkgs/\"><a href=\"demo-1.0.zip\">demo-1.0.zip</a>"));
        assertThat(based.files().get(0).url()).isEqualTo(URI.create("https://other.example/pkgs/demo-1.0.zip"));
    }

    @Test
    void jsonGivesHashesSizesAndYankedState() {
        ProjectPage page = ProjectPage.parse(PAGE, "application/vnd.pypi.simple.v1+json; charset=utf-8", utf8("""
                {"meta": {"api-version": "1.1"}, "name": "demo", "files": [
                  {"filename": "demo-1.0.tar.gz", "url": "../../f/demo-1.0.tar.gz", "hashes": {"sha256": "%s", "md5": "x"}, "size": 1234},
                  {"filename": "demo-1.0-py3-none-any.whl", "url": "https://cdn.example/w.whl", "hashes": {}, "yanked": "broken"}
                ]}""".formatted(HEX)));
        assertThat(page.files()).containsExactly(
                new IndexFile("demo-1.0.tar.gz", URI.create("https://index.example/f/demo-1.0.tar.gz"), Map.of("sha256", HEX, "md5", "x"), false, 1234),
                new IndexFile("demo-1.0-py3-none-any.whl", URI.create("https://cdn.example/w.whl"), Map.of(), true, -1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON | application/vnd.pypi.simple.v1+json | {files: | not valid JSON",
            "newer API | application/vnd.pypi.simple.v1+json | {\"meta\": {\"api-version\": \"2.0\"}, \"files\": []} | api-version 2.0 is not supported",
            "no files | application/vnd.pypi.simple.v1+json | {\"meta\": {\"api-version\": \"1.0\"}} | no 'files' array",
            "file without url | application/vnd.pypi.simple.v1+json | {\"files\": [{\"filename\": \"a.whl\"}]} | without 'filename' or 'url'",
            "not an object | application/vnd.pypi.simple.v1+json | [1] | not a JSON object",
            "other content type | application/octet-stream | x | unsupported Content-Type 'application/octet-stream'",
            "bad link | text/html | <a href=\"http://[bad\">x</a> | a link that is no valid URL",
    })
    void aPageThatCannotBeReadIsRefusedSayingWhy(String what, String contentType, String body, String reason) {
        assertThatThrownBy(() -> ProjectPage.parse(PAGE, contentType, utf8(body))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({
            "demo-1.0.tar.gz, demo, 1.0, SDIST",
            "Demo_Pkg-2.0rc1.zip, demo-pkg, 2.0rc1, SDIST",
            "demo-1.0-1-cp312-cp312-linux_x86_64.whl, demo, 1.0, WHEEL",
            "1-2-3.tar.gz, 1-2, 3, SDIST",
            "demo-1.0.linux-x86_64.tar.gz, demo, , ",
            "demo-1.0-py3.12.egg, demo, , ",
            "demo-1.0.exe, demo, , ",
            "README, demo, , ",
    })
    void typeAndVersionComeFromTheFileNameAsPypiSimpleReadsThem(String fileName, String project, String version, IndexFile.Type type) {
        IndexFile f = new IndexFile(fileName, PAGE, Map.of(), false, -1);
        Pattern p = IndexFile.projectPattern(project);
        assertThat(f.version(p)).isEqualTo(version);
        assertThat(f.type(p)).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "1.0.0, 1", "1.0, 1", "v1.0, 1", "2.0RC1, 2rc1", "1.0-1, 1.post1", "1.0.post0, 1.post0", "1!2.0, 1!2",
            "0!1.0, 1", "1.0a, 1a0", "1.0-dev2, 1.dev2", "1.0+Local_Ver, 1+local.ver", "01.002, 1.2", "not a version, not a version",
    })
    void versionsCompareInPep440CanonicalForm(String version, String canonical) {
        assertThat(Pep440.canonical(version)).isEqualTo(canonical);
    }
}
