package dev.ferry.agent.file;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the regular files that match the include globs, walking from each glob's base directory no
 * deeper than it needs. Those that also match an exclude glob are reported apart: they are the
 * rotated names of a rename chain (Plex's {@code X.1.log}), which the tailer follows by identity but
 * never starts on by name. Symbolic links to files are followed; links to directories are not walked
 * (no loops).
 */
final class GlobScanner {
    /**
     * What one scan found: files to tail, files under an excluded name, the directories walked, and
     * whether a file to tail is a symbolic link (its writes happen in another directory).
     */
    record Found(List<Path> included, List<Path> excluded, Set<Path> directories, boolean symlinks) {}

    private final List<Glob> include;
    private final List<Glob> exclude;
    private int errors;

    GlobScanner(List<String> include, List<String> exclude) {
        this.include = include.stream().map(Glob::compile).toList();
        this.exclude = exclude.stream().map(Glob::compile).toList();
    }

    /** The matching files, each once, in walk order. */
    Found scan() {
        errors = 0;
        Set<Path> found = new LinkedHashSet<>();
        Set<Path> excluded = new LinkedHashSet<>();
        Set<Path> directories = new LinkedHashSet<>();
        boolean[] symlinks = {false};
        for (Glob glob : include) {
            if (!Files.isDirectory(glob.base())) {
                continue; // not there yet: a later scan finds it
            }
            try {
                Files.walkFileTree(
                        glob.base(),
                        EnumSet.noneOf(java.nio.file.FileVisitOption.class),
                        glob.maxDepth(),
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                directories.add(dir); // walked, so within the depth where matches can be
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (glob.matches(file)
                                        && (attrs.isRegularFile()
                                                || (attrs.isSymbolicLink() && Files.isRegularFile(file)))) {
                                    (excluded(file) ? excluded : found).add(file);
                                    symlinks[0] |= attrs.isSymbolicLink();
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                errors++;
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                errors++;
            }
        }
        return new Found(new ArrayList<>(found), new ArrayList<>(excluded), directories, symlinks[0]);
    }

    private boolean excluded(Path file) {
        for (Glob g : exclude) {
            if (g.matches(file)) {
                return true;
            }
        }
        return false;
    }

    /** Directories or files the last scan could not read. */
    int errors() {
        return errors;
    }
}
