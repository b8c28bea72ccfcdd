package io.jobservice.support;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** The real YAML files of routes/, loaded with the YAML DSL as the service loads them, for route tests. */
public final class RoutesFiles {

    private RoutesFiles() {
    }

    /** The routes of {@code routes/<fileName>} (Maven runs tests in the project root, as the service runs). */
    public static RoutesBuilder[] load(CamelContext context, String fileName) throws Exception {
        Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:routes/" + fileName);
        return PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource).toArray(RoutesBuilder[]::new);
    }
}
