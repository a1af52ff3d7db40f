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
 * Finds the regular files that match the include globs and no exclude glob, walking from each glob's
 * base directory no deeper than it needs. Symbolic links to files are followed; links to directories
 * are not walked (no loops).
 */
final class GlobScanner {
    private final List<Glob> include;
    private final List<Glob> exclude;
    private int errors;

    GlobScanner(List<String> include, List<String> exclude) {
        this.include = include.stream().map(Glob::compile).toList();
        this.exclude = exclude.stream().map(Glob::compile).toList();
    }

    /** The matching files, each once, in walk order. */
    List<Path> scan() {
        errors = 0;
        Set<Path> found = new LinkedHashSet<>();
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
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (glob.matches(file)
                                        && !excluded(file)
                                        && (attrs.isRegularFile()
                                                || (attrs.isSymbolicLink() && Files.isRegularFile(file)))) {
                                    found.add(file);
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
        return new ArrayList<>(found);
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
