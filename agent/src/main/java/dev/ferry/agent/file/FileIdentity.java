package dev.ferry.agent.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A file itself, not its name: device and inode number, which a rename keeps. */
record FileIdentity(long device, long inode) {

    /** The identity of the file {@code path} names now (following symbolic links). */
    static FileIdentity of(Path path) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(path, "unix:dev,ino");
        return new FileIdentity(((Number) attrs.get("dev")).longValue(), ((Number) attrs.get("ino")).longValue());
    }

    /** The key of this file's saved position. */
    String key() {
        return device + ":" + inode;
    }
}
