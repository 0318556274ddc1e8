package io.countersign.intake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The directory where {@link BodyReader} spools large documents, held by one server.
 *
 * <p>At start, the server creates the directory and takes an exclusive lock on its {@code .lock}
 * file. With the lock, it deletes the spool files that a server killed while it received a
 * document left behind. Without the lock, which another live server then holds, it deletes
 * nothing and logs a warning, because the files may belong to that server's requests in progress.
 * Only files named like spool files ({@value #PREFIX}*{@value #SUFFIX}) are ever deleted.
 */
final class SpoolDirectory implements AutoCloseable {

  static final String PREFIX = "document-";
  static final String SUFFIX = ".spool";

  private static final Logger LOG = Logger.getLogger(SpoolDirectory.class.getName());
  private static final String LOCK_FILE = ".lock";

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private SpoolDirectory(Path path, FileChannel lockChannel, FileLock lock) {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Creates the directory if needed, locks it and, with the lock, deletes leftover spool files. */
  static SpoolDirectory open(Path directory) throws IOException {
    Path path = Files.createDirectories(directory).toRealPath();
    FileChannel channel =
        FileChannel.open(
            path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = tryLock(channel);
    if (lock == null) {
      LOG.warning(
          () ->
              "Another server holds the spool directory "
                  + path
                  + ", so its files are left in place. Give each server its own"
                  + " countersign.spool.dir.");
    } else {
      deleteLeftovers(path);
    }
    return new SpoolDirectory(path, channel, lock);
  }

  Path path() {
    return path;
  }

  /**
   * Creates a new, empty spool file, which on a POSIX file system only the server's user may read
   * and write.
   */
  Path newFile() throws IOException {
    return Files.createTempFile(path, PREFIX, SUFFIX);
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    if (lock != null) {
      lock.release();
    }
    lockChannel.close();
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Another deployment in this JVM has locked it.
      return null;
    }
  }

  private static void deleteLeftovers(Path path) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(path, PREFIX + "*" + SUFFIX)) {
      for (Path file : files) {
        if (Files.isRegularFile(file) && deleteQuietly(file)) {
          deleted++;
        }
      }
    }
    int count = deleted;
    if (count > 0) {
      LOG.info(() -> "Deleted " + count + " spool files left in " + path + " by an earlier run");
    }
  }

  private static boolean deleteQuietly(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Deleting the leftover spool file " + file + " failed", e);
      return false;
    }
  }
}
