package io.momoko.autoconfigure.docker;

import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;

import java.util.List;
import java.util.Map;

/**
 * A Compose service as {@code docker compose ps} would report it, written by hand: there is no Docker on the
 * build machines, and {@link RunningService} is an interface precisely so that mappings can be tested this way.
 */
record HandWrittenService(String imageName, String host, int containerPort, int hostPort, Map<String, String> env)
        implements RunningService {

    @Override
    public String name() {
        return "db";
    }

    @Override
    public ImageReference image() {
        return ImageReference.of(imageName);
    }

    @Override
    public ConnectionPorts ports() {
        return new ConnectionPorts() {
            @Override
            public int get(int port) {
                if (port != containerPort) {
                    throw new IllegalStateException("No host port for container port " + port);
                }
                return hostPort;
            }

            @Override
            public List<Integer> getAll() {
                return List.of(hostPort);
            }

            @Override
            public List<Integer> getAll(String protocol) {
                return "tcp".equals(protocol) ? List.of(hostPort) : List.of();
            }
        };
    }

    @Override
    public Map<String, String> labels() {
        return Map.of();
    }
}
