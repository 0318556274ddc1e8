package io.countersign.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The exact bytes of a received document with their size and SHA-256, held in memory or in a file,
 * for {@link EvidenceStore#insert} to store.
 */
public sealed interface DocumentContent {

  /** Returns the number of bytes. */
  long size();

  /** Returns the SHA-256 of the bytes in lower-case hex. */
  String sha256();

  /** Opens the bytes for reading from the first one; the caller closes the stream. */
  InputStream open() throws IOException;

  /** Returns content held in memory, with its SHA-256 computed now. */
  static DocumentContent inMemory(byte[] bytes) {
    return new InMemory(bytes, sha256Hex(bytes));
  }

  /**
   * Returns content kept in a file, with the size and SHA-256 computed while the file was written.
   * {@link EvidenceStore#insert} checks both again as it reads the file.
   */
  static DocumentContent inFile(Path file, long size, String sha256) {
    return new InFile(file, size, sha256);
  }

  /** Returns the SHA-256 of {@code bytes} in lower-case hex. */
  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  /** Returns a new SHA-256 message digest. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Content held in memory, as the intake keeps documents up to its streaming threshold. */
  record InMemory(byte[] bytes, String sha256) implements DocumentContent {

    public InMemory {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(sha256, "sha256");
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  /** Content kept in a file, as the intake spools documents above its streaming threshold. */
  record InFile(Path file, long size, String sha256) implements DocumentContent {

    public InFile {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(sha256, "sha256");
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }
  }
}
