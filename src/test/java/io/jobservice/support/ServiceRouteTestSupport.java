package io.jobservice.support;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;

/**
 * {@link CamelTestSupport} for a route of the service with the service's own settings: the properties of
 * {@code application.properties}, with the test's {@link #overriddenProperties()} over them, and AdviceWith on, so
 * the context starts once the test has replaced the endpoints it wants to see (call {@code context.start()}).
 */
public abstract class ServiceRouteTestSupport extends CamelTestSupport {

    /** Properties that win over {@code application.properties} in this test. */
    protected Map<String, String> overriddenProperties() {
        return Map.of();
    }

    @Override
    public void configureTest(TestExecutionConfiguration testExecutionConfiguration) {
        super.configureTest(testExecutionConfiguration);
        testExecutionConfiguration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration camelContextConfiguration) {
        super.configureContext(camelContextConfiguration);
        Properties properties = new Properties();
        properties.putAll(overriddenProperties());
        camelContextConfiguration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        return context;
    }
}
