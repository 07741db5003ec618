package com.fitplatform.gateway.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;

/** One application context's use of a shared embedded PostgreSQL server. */
public final class EmbeddedPostgresLease {

    private final Server server;
    private boolean released;

    private EmbeddedPostgresLease(Server server) {
        this.server = server;
    }

    public EmbeddedPostgres server() {
        return server.postgres();
    }

    /** Called when the context closes, after every bean that used the database is gone. */
    public synchronized void release() {
        if (!released) {
            released = true;
            server.released();
        }
    }

    /** A running server and the number of contexts still using it. */
    static final class Server {
        private final EmbeddedPostgres postgres;
        private int leases;

        Server(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        EmbeddedPostgres postgres() {
            return postgres;
        }

        synchronized EmbeddedPostgresLease lease() {
            leases++;
            return new EmbeddedPostgresLease(this);
        }

        synchronized void released() {
            leases--;
            notifyAll();
        }

        /** Waits until no context uses the server, at most {@code limit}. */
        synchronized void awaitNoLeases(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                while (leases > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
