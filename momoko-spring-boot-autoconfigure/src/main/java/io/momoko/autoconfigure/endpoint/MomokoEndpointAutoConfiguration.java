package io.momoko.autoconfigure.endpoint;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/**
 * Registers the {@code momoko} actuator endpoint when the actuator is present and the endpoint is exposed.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, Pool.class})
@ConditionalOnBean(Pool.class)
@ConditionalOnAvailableEndpoint(MomokoEndpoint.class)
public final class MomokoEndpointAutoConfiguration {

    MomokoEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MomokoEndpoint momokoEndpoint(Map<String, Pool> pools) {
        return new MomokoEndpoint(pools);
    }
}
