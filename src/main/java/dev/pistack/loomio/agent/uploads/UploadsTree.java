package dev.pistack.loomio.agent.uploads;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The uploads volume as a tree of regular files. The agent's own entries at its root (names starting with {@value
 * #OWN_PREFIX}) and {@code lost+found} are not uploads; symbolic links and other special files are left out (Loomio
 * writes regular files only).
 */
public final class UploadsTree {
    /** The prefix of the agent's own entries at the volume's root: lock, staging, marker. */
    public static final String OWN_PREFIX = ".loomio-";

    /**
     * A regular file.
     *
     * @param path relative to the root, {@code /}-separated
     * @param size bytes
     * @param mtime last modification, milliseconds since the epoch
     */
    public record File(String path, Path absolute, long size, long mtime) {
    }

    private UploadsTree() {
    }

    /** @return every regular file under root, sorted by path */
    public static List<File> walk(Path root) throws IOException {
        List<File> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root) || !skipped(root, dir)
                        ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !skipped(root, file)) {
                    files.add(new File(relative(root, file), file, attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    /** @return true when the volume holds no upload (empty directories do not count: the kubelet makes subPaths) */
    public static boolean empty(Path root) throws IOException {
        return walk(root).isEmpty();
    }

    /**
     * @return true when a manifest's path stays inside the root: relative, no empty, {@code .} or {@code ..}
     *     segment, not one of the agent's own entries
     */
    static boolean safePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        String first = path.split("/", 2)[0];
        return !first.startsWith(OWN_PREFIX) && !first.equals("lost+found");
    }

    private static boolean skipped(Path root, Path entry) {
        Path rel = root.relativize(entry);
        String first = rel.getName(0).toString();
        return first.startsWith(OWN_PREFIX) || first.equals("lost+found");
    }

    private static String relative(Path root, Path file) {
        Path rel = root.relativize(file);
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }
}
