package io.countersign.evidence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Defines the application's data source from MicroProfile Config and brings its schema up to date
 * with the Flyway migrations in {@code db/migration} before the application serves requests.
 *
 * <p>Payara resolves {@code ${MPCONFIG=...}} in the data source definition, so the database is
 * switched (H2 file by default, PostgreSQL in production) by configuration alone.
 */
@DataSourceDefinition(
    name = DatabaseMigration.DATA_SOURCE,
    className = "${MPCONFIG=countersign.datasource.class}",
    url = "${MPCONFIG=countersign.datasource.url}",
    user = "${MPCONFIG=countersign.datasource.user}",
    password = "${MPCONFIG=countersign.datasource.password}",
    minPoolSize = 1,
    maxPoolSize = 32)
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

  static final String DATA_SOURCE = "java:app/jdbc/countersign";

  private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

  @Resource(lookup = DATA_SOURCE)
  DataSource dataSource;

  @PostConstruct
  void migrate() {
    MigrateResult result =
        Flyway.configure(DatabaseMigration.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info(
        () ->
            "Database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migration(s) applied now)");
  }
}
