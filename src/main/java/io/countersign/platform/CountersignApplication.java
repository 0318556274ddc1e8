package io.countersign.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application; every resource is served under {@code /api}. */
@ApplicationPath("api")
public class CountersignApplication extends Application {}
