package io.countersign.cli;

import io.countersign.evidence.CheckpointVerifier;
import io.countersign.pki.PemFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Verifies the evidence chain and its signed checkpoints in the server's database. */
@Command(
    name = "verify-chain",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the document table in chain order and verifies every link's hashes, every"
          + " checkpoint's signature and time-stamp, and that each checkpoint names the record"
          + " hash at its sequence.",
      "An H2 file database opens in one process at a time: stop the server first, or use"
          + " PostgreSQL. Documents stored before the chain began are counted, not verified.",
      "NOTE: links removed from the end of the chain after the last checkpoint are found only"
          + " while the chain head row still names them."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Chain and checkpoints verified.",
      "1:A link or checkpoint does not verify (the first is named on standard error), or an"
          + " error such as a failed database connection.",
      "2:Invalid command-line options."
    })
final class VerifyChainCommand implements Callable<Integer> {

  /** H2's error code for a database file that another process has open. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  @Spec CommandSpec spec;

  @Option(
      names = "--jdbc-url",
      required = true,
      paramLabel = "URL",
      description =
          "JDBC URL of the server's database, for example jdbc:postgresql://127.0.0.1:5432/test"
              + " or jdbc:h2:file:./data/countersign")
  String jdbcUrl;

  @Option(
      names = "--user",
      defaultValue = "countersign",
      paramLabel = "USER",
      description = "Database user (default: ${DEFAULT-VALUE}, as the server's default).")
  String user;

  @Option(
      names = "--password",
      defaultValue = "",
      paramLabel = "PASSWORD",
      description = "Database password (default: empty).")
  String password;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description = {
        "PEM file of the CA certificates trusted to issue the receipt signing certificate;"
            + " checkpoint signatures must chain to one at the checkpoint's time.",
        "Without it, the signer certificates are only listed, to compare by hand."
      })
  Path caFile;

  @Override
  public Integer call() throws Exception {
    CheckpointVerifier checkpoints =
        caFile == null
            ? CheckpointVerifier.withoutTrustAnchors()
            : CheckpointVerifier.trusting(PemFiles.readCertificates(caFile));

    ChainAudit.Outcome outcome;
    try (Connection connection = DriverManager.getConnection(url(), user, password)) {
      outcome = new ChainAudit(checkpoints).audit(connection);
    } catch (SQLException e) {
      throw explained(e);
    }

    return switch (outcome) {
      case ChainAudit.Verified verified -> report(verified);
      case ChainAudit.Broken broken -> {
        spec.commandLine().getErr().println(broken.description());
        yield CountersignCommand.EXIT_ERROR;
      }
    };
  }

  /** Keeps H2 from creating an empty database when the URL names a file that does not exist. */
  private String url() {
    boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
    return h2 && !jdbcUrl.toUpperCase(Locale.ROOT).contains("IFEXISTS=") ? jdbcUrl + ";IFEXISTS=TRUE" : jdbcUrl;
  }

  private static SQLException explained(SQLException e) {
    if (e.getErrorCode() != H2_DATABASE_ALREADY_OPEN) {
      return e;
    }
    return new SQLException(
        "The H2 database is open in another process, probably the server. Stop the server and"
            + " run verify-chain again",
        e);
  }

  private int report(ChainAudit.Verified verified) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("OK: " + verified.documents() + " documents, " + verified.checkpoints() + " checkpoints");
    out.println("  head: sequence " + verified.documents() + ", record hash " + verified.headHash());
    out.println(
        "  time-stamped: " + verified.timeStamped() + " of " + verified.checkpoints() + " checkpoints");
    for (X509Certificate signer : verified.signers()) {
      out.println(
          "  checkpoints signed by '"
              + signer.getSubjectX500Principal().getName()
              + "', certificate SHA-256 "
              + fingerprint(signer)
              + (caFile == null ? ", not checked against a CA (pass --ca)" : ", chain valid to " + caFile));
    }
    if (verified.unchained() > 0) {
      out.println(
          "  outside the chain: " + verified.unchained() + " documents stored before it began");
    }
    return 0;
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return ReceiptVerifier.sha256Hex(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("A parsed certificate cannot be encoded again", e);
    }
  }
}
