package com.fitplatform.gateway.ops.routes;

import com.fitplatform.gateway.ops.OpsProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Polls routes/ and config/ once the gateway is ready. Polling rather than inotify: it works the
 * same on every file system (network mounts, Kubernetes ConfigMaps swapped by symlink), and a file
 * is applied only after two reads a poll apart agree, so a half-written file is never loaded.
 */
@Component
public class LiveEditPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveEditPoller.class);

    private final RouteFiles routes;
    private final ConfigFiles config;
    private final OpsProperties properties;
    private ScheduledExecutorService poller;

    public LiveEditPoller(RouteFiles routes, ConfigFiles config, OpsProperties properties) {
        this.routes = routes;
        this.config = config;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!properties.watch() || poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ops-file-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, properties.pollInterval().toMillis());
        poller.scheduleWithFixedDelay(this::pollOnce, period, period, TimeUnit.MILLISECONDS);
        log.info(
                "Watching {} and {} for live edits every {} ms",
                properties.routesDirectory(),
                properties.configDirectory(),
                period);
    }

    private void pollOnce() {
        try {
            routes.poll();
            config.poll();
        } catch (RuntimeException e) {
            log.warn("Polling the watched directories failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void destroy() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
