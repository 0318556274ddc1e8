package io.countersign.health;

import io.countersign.partner.PartnerRegistry;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Reports ready when the evidence store responds and at least one partner is registered. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Resource(lookup = "java:app/jdbc/countersign")
  DataSource dataSource;

  @Inject PartnerRegistry partners;

  @Override
  public HealthCheckResponse call() {
    int partnerCount = partners.partnerCount();
    boolean storeUp = storeAnswers();
    return HealthCheckResponse.named("countersign")
        .status(storeUp && partnerCount > 0)
        .withData("evidenceStore", storeUp ? "UP" : "DOWN")
        .withData("partners", partnerCount)
        .build();
  }

  private boolean storeAnswers() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
