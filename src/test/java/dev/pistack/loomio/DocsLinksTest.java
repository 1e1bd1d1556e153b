package dev.pistack.loomio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every internal link of the documentation (README.md, docs/ and the chart's README) leads somewhere: the file or directory exists, and
 * an anchor names a heading of the target page (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens,
 * a repeated heading numbered) or an {@code <a name>} of it. Links in code blocks and code spans are not links.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)]*)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");
    private static final Pattern A_NAME = Pattern.compile("<a name=\"([^\"]+)\">");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    @Test
    void everyInternalLinkLeadsSomewhere() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("charts/loomio-operator/README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).as("the documentation pages").hasSizeGreaterThan(10);
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : links(page)) {
                checked++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path file = path.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(path).normalize();
                if (!Files.exists(file)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (anchor != null && file.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(file, DocsLinksTest::anchors).contains(anchor)) {
                    broken.add(page + ": " + target + " (no such heading in " + file.getFileName() + ")");
                }
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(100);
        assertThat(broken).as("broken links").isEmpty();
    }

    /** @return the targets of the page's links outside code, without external ones */
    private static List<String> links(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) {
                String target = m.group(1).strip();
                if (!target.isEmpty() && !target.matches("^[a-z]+:.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** @return the anchors GitHub gives the page's headings, and its {@code <a name>} anchors */
    private static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean code = false;
        try {
            for (String line : Files.readAllLines(page)) {
                if (line.startsWith("```")) {
                    code = !code;
                }
                Matcher a = A_NAME.matcher(line);
                while (a.find()) {
                    anchors.add(a.group(1));
                }
                Matcher h = HEADING.matcher(line);
                if (!code && h.matches()) {
                    String slug = slug(h.group(1));
                    int n = seen.merge(slug, 1, Integer::sum) - 1;
                    anchors.add(n == 0 ? slug : slug + "-" + n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, HTML and punctuation other than hyphens and underscores gone. */
    static String slug(String heading) {
        return heading.strip().replaceAll("<[^>]+>", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
    }
}
