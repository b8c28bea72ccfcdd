package io.jobservice.tls;

import java.nio.file.Path;
import java.util.List;

import io.jobservice.config.ConfigException;
import io.jobservice.config.HarborConfig;
import io.vertx.core.Vertx;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import static org.apache.camel.support.CamelContextHelper.parseText;

/**
 * Loads the certificates of config.yml and Harbor's environment, and the CA folders Harbor mounts, and binds them
 * as one {@link TlsMaterial} for the API server, the Redis connection and the outgoing HTTP calls.
 */
public final class TlsWiring implements CamelConfiguration {

    private final Vertx vertx;

    /** @param vertx reads the PEM files; the API's server runs on it too */
    public TlsWiring(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void configure(CamelContext context) {
        HarborConfig.Tls tls = context.getRegistry().mandatoryFindSingleByType(HarborConfig.class).tls();
        TlsMaterial material;
        try {
            material = TlsMaterial.load(vertx, new TlsMaterial.Settings(path(tls.certFile()), path(tls.keyFile()),
                    tls.verifyClientCert(), path(tls.clientCertFile()), path(tls.clientKeyFile()),
                    tls.trustCaFile() == null ? List.of() : List.of(Path.of(tls.trustCaFile())),
                    path(parseText(context, "{{jobservice.tls.custom-ca-dir}}")),
                    path(parseText(context, "{{jobservice.tls.internal-ca-dir}}"))));
        } catch (IllegalArgumentException e) {
            vertx.close();
            throw new ConfigException("tls", e.getMessage());
        }
        context.getRegistry().bind("tlsMaterial", material);
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.trim());
    }
}
