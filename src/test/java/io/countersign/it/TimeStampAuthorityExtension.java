package io.countersign.it;

import io.countersign.evidence.TestTimeStampAuthority;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test TSA on 127.0.0.1 at the port that the server's {@code countersign.evidence.tsa-url}
 * names. Register it before {@code ArquillianExtension}, because JUnit calls beforeAll callbacks in
 * registration order and Arquillian starts Payara Micro in its own.
 */
final class TimeStampAuthorityExtension implements BeforeAllCallback, AfterAllCallback {

  private static volatile TestTimeStampAuthority tsa;

  static TestTimeStampAuthority tsa() {
    return tsa;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    tsa = TestTimeStampAuthority.start(Integer.parseInt(System.getProperty("countersign.tsa.port")));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    tsa.close();
  }
}
