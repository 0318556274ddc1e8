package io.countersign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RejectionReasonTest {

  @Test
  void readme_listsEveryProblemType() throws Exception {
    String readme = Files.readString(Path.of("README.md"));

    for (RejectionReason reason : RejectionReason.values()) {
      assertTrue(
          readme.contains("`" + reason.code() + "`"),
          "README.md does not list the problem type " + reason.code());
    }
  }

  @Test
  void types_areUniqueUrns() {
    Set<String> types = new HashSet<>();
    for (RejectionReason reason : RejectionReason.values()) {
      types.add(reason.type());
      assertTrue(reason.type().startsWith("urn:countersign:problem:"), reason.type());
    }

    assertEquals(RejectionReason.values().length, types.size());
  }
}
