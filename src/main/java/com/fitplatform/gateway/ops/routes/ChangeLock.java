package com.fitplatform.gateway.ops.routes;

import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * The one lock every live change takes (route files, config files, route stop/start), so two
 * edits never interleave: the file watcher and any number of ops requests are served in turn.
 */
@Component
public class ChangeLock {

    private final ReentrantLock lock = new ReentrantLock(true);

    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }
}
