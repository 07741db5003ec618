#!/usr/bin/env bash
# Benchmark harness: builds the gateway, starts it on 127.0.0.1:$GATEWAY_PORT with a fresh state
# directory, measures cold start and resident memory, runs the Gatling simulation
# GatewayRoundTripSimulation once per scenario, prints a Markdown table and stops everything it
# started (also on failure or Ctrl-C).
#
#   src/bench/run.sh                                   # full run, defaults below
#   BENCH_RATES=50,100 BENCH_STEP_SECONDS=10 src/bench/run.sh
#   BENCH_GATEWAY_OPTS="-Dcamel.component.jms.reply-to-concurrent-consumers=4" src/bench/run.sh
#   GATEWAY_ROUTES='file:/tmp/my-routes/*.camel.yaml' src/bench/run.sh   # try edited route copies
#
# Environment (all optional):
#   GATEWAY_PORT          HTTP port of the gateway under test                     18081
#   BENCH_DATA_DIR        state dir, wiped first (must be under /tmp)            /tmp/bench-data
#   BENCH_OUT             where logs, Gatling results and results.md go           target/bench/<timestamp>
#   BENCH_SCENARIOS       scenarios, one Gatling run each                        "echo-jms http-only auth-only"
#                         (echo-jms: POST /api/probes/echo, JWT + JMS request/reply; http-only:
#                         GET /.well-known/jwks.json, no JWT, no JMS; auth-only: JWT check and a 404
#                         route, no JMS - splits echo-jms's cost into authentication and JMS)
#                         Integration scenarios (open model only, setup before the first step):
#                         sign-in         native Google login with pre-minted ID tokens; the login
#                                         rate limit is raised for the run (BENCH_LOGIN_RATE_LIMIT)
#                         webhook-ingest  signed Stripe events for attempts bought in the setup,
#                                         every 10th a duplicate; then plain single-row inserts
#                         health-ingest   HealthKit batches of 1,000 samples (rates in batches/s);
#                                         then COPY of the same rows
#                         ai-proxy        recommendations through the gateway and directly to a
#                                         fake service answering in BENCH_AI_DELAY_MS
#                         ai-fallback     the same with that service stopped (run it after ai-proxy)
#                         integrations = "sign-in webhook-ingest health-ingest ai-proxy ai-fallback"
#   BENCH_MODEL           both | open | closed (round-trip scenarios)            both
#   BENCH_RATES           open-model rates, users (= requests) per second        per scenario:
#                         echo-jms, http-only, auth-only                          50,100,200,400,800
#                         sign-in, webhook-ingest                                 10,25,50,100,200
#                         health-ingest (batches of 1,000 samples per second)     40,48,56,60,64
#                         ai-proxy (each user: one call via the gateway, one direct) 25,50,100,200,400
#                         ai-fallback                                             25,100,400
#   BENCH_RATES_<NAME>    rates of one scenario, before BENCH_RATES (BENCH_RATES_HEALTH_INGEST=1,2)
#   BENCH_STEP_SECONDS    duration of each open-model step                       20
#   BENCH_WARMUP_SECONDS  warm-up per scenario at BENCH_WARMUP_RATE (0: none)    10
#                         (health-ingest: 180, since the JIT compiler was still at a tenth of the
#                         machine 90 s into the load and the steps measured its compilations)
#   BENCH_WARMUP_SECONDS_<NAME>  warm-up of one scenario, before BENCH_WARMUP_SECONDS
#   BENCH_WARMUP_RATE     (integration scenarios: their lowest rate)             50
#   BENCH_WARMUP_RATE_<NAME>  warm-up rate of one scenario
#   BENCH_LOGIN_RATE_LIMIT  gateway.auth.rate-limit-attempts while sign-in runs  1000000
#   BENCH_INSERT_THREADS  connections of the single-row insert baseline (= the
#                         webhook apply consumers' max-concurrent-consumers)      8
#   BENCH_INSERT_SECONDS  duration of that baseline                               10
#   BENCH_AI_PORT         port of the fake recommendation service                 18090
#   BENCH_AI_DELAY_MS     its fixed answer time                                   20
#   BENCH_CLOSED_USERS    closed-model concurrent users                          16
#   BENCH_CLOSED_SECONDS  closed-model duration                                  30
#   BENCH_PAUSE_SECONDS   pause before each open-model step                      3
#   BENCH_SETTLE_SECONDS  pause between scenarios, then wait until JWKS answers
#                         fast again (the gateway drains its backlog)             10
#   BENCH_SHARE_CONNECTIONS  true: one keep-alive pool for all virtual users     true
#   BENCH_GATEWAY_OPTS    extra JVM options of the gateway (-Xmx..., -Dcamel.component.jms...=...)
#   BENCH_GATEWAY_ARGS    extra Spring Boot arguments of the gateway (--spring.artemis...=...)
#   BENCH_GATLING_OPTS    extra Maven/-D options of the Gatling runs
#   BENCH_SKIP_BUILD=1    reuse target/*.jar and target/test-classes as they are
#   BENCH_RESTART=0       skip the second start on the existing state dir
set -Eeuo pipefail
# No job control: a background command is then never a process-group leader, so "setsid cmd &"
# execs cmd in place and $! is cmd's own pid (the gateway JVM, the Maven run).
set +m

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

PORT=${GATEWAY_PORT:-18081}
DATA=${BENCH_DATA_DIR:-/tmp/bench-data}
OUT=${BENCH_OUT:-$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)}
SCENARIOS=${BENCH_SCENARIOS:-echo-jms http-only auth-only}
JAR=$ROOT/target/integration-gateway-0.1.0-SNAPSHOT.jar
BASE=http://127.0.0.1:$PORT
MVN=("$ROOT/mvnw" -B)
AI_PORT=${BENCH_AI_PORT:-18090}
AI_KEY=${GATEWAY_AI_API_KEY:-sandbox-ai-key}

GATEWAY_PID=
MVN_PID=
FAKE_AI_PID=

# Settings a scenario needs from the gateway, passed as Spring Boot arguments and listed in
# results.md: sign-in raises the login rate limit (5 attempts a minute per account and per client
# address would refuse a benchmark from one address after 5 logins); the AI scenarios point the
# recommendation client at the fake service.
SCENARIO_ARGS=()
for scenario in $SCENARIOS; do
    case $scenario in
        sign-in) SCENARIO_ARGS+=("--gateway.auth.rate-limit-attempts=${BENCH_LOGIN_RATE_LIMIT:-1000000}") ;;
        ai-proxy | ai-fallback)
            [[ " ${SCENARIO_ARGS[*]-} " == *recommendations-url* ]] \
                || SCENARIO_ARGS+=("--gateway.ai.recommendations-url=http://127.0.0.1:$AI_PORT") ;;
        echo-jms | http-only | auth-only | webhook-ingest | health-ingest) ;;
        *) printf 'unknown scenario %s\n' "$scenario" >&2; exit 2 ;;
    esac
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# Stops what this script started, by process id: the Gatling run (its own process group), the
# gateway (SIGTERM, graceful; SIGKILL after 40 s) and, if the gateway could not stop it, the
# embedded PostgreSQL of our state dir.
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $MVN_PID ]] && kill -0 "$MVN_PID" 2>/dev/null; then
        log "stopping Gatling run (process group $MVN_PID)"
        kill -TERM -- "-$MVN_PID" 2>/dev/null || true
        sleep 2
        kill -KILL -- "-$MVN_PID" 2>/dev/null || true
    fi
    stop_fake_ai
    stop_gateway
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stop_gateway() {
    if [[ -n $GATEWAY_PID ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
        log "stopping gateway (pid $GATEWAY_PID)"
        kill -TERM "$GATEWAY_PID" 2>/dev/null || true
        for _ in $(seq 1 400); do
            kill -0 "$GATEWAY_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$GATEWAY_PID" 2>/dev/null; then
            log "gateway did not stop in 40 s, killing it"
            kill -KILL "$GATEWAY_PID" 2>/dev/null || true
        fi
        wait "$GATEWAY_PID" 2>/dev/null || true
    fi
    GATEWAY_PID=
    local pm=$DATA/postgres/postmaster.pid
    if [[ -f $pm ]]; then
        local pg
        pg=$(head -1 "$pm")
        if [[ $pg =~ ^[0-9]+$ ]] && kill -0 "$pg" 2>/dev/null \
            && tr '\0' ' ' <"/proc/$pg/cmdline" 2>/dev/null | grep -q -- "$DATA/postgres"; then
            log "stopping leftover embedded PostgreSQL (pid $pg)"
            kill -INT "$pg" 2>/dev/null || true
            sleep 3
            kill -KILL "$pg" 2>/dev/null || true
        fi
    fi
}

# The fake recommendation service of ai-proxy: its own JVM (JDK only), stopped by pid.
start_fake_ai() {
    setsid java -Xmx256m -cp "$ROOT/target/test-classes" com.fitplatform.gateway.bench.FakeRecommendationService \
        --port "$AI_PORT" --delay-ms "${BENCH_AI_DELAY_MS:-20}" --api-key "$AI_KEY" --seconds 7200 \
        >>"$OUT/fake-ai.log" 2>&1 </dev/null &
    FAKE_AI_PID=$!
    for _ in $(seq 1 200); do
        curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$AI_PORT/health" 2>/dev/null && return 0
        kill -0 "$FAKE_AI_PID" 2>/dev/null || die "fake recommendation service exited (log: $OUT/fake-ai.log)"
        sleep 0.1
    done
    die "fake recommendation service not answering on $AI_PORT"
}

stop_fake_ai() {
    if [[ -n $FAKE_AI_PID ]] && kill -0 "$FAKE_AI_PID" 2>/dev/null; then
        log "stopping the fake recommendation service (pid $FAKE_AI_PID)"
        kill -TERM "$FAKE_AI_PID" 2>/dev/null || true
        wait "$FAKE_AI_PID" 2>/dev/null || true
    fi
    FAKE_AI_PID=
}

# BenchDatabase (src/bench) on the gateway jar's classpath (JDBC driver, Jackson).
bench_db() {
    java -Dloader.path="$ROOT/target/test-classes" -Dloader.main=com.fitplatform.gateway.bench.BenchDatabase \
        -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
        "$@" --pid-file "$DATA/postgres/postmaster.pid"
}

# A scenario's setting: <PREFIX>_<NAME> (health-ingest: HEALTH_INGEST), else <PREFIX>, else $3.
scenario_setting() {
    local var
    var=$1_$(tr 'a-z-' 'A-Z_' <<<"$2")
    if [[ -n ${!var:-} ]]; then echo "${!var}"; return; fi
    if [[ -n ${!1:-} ]]; then echo "${!1}"; return; fi
    echo "$3"
}

# Open-model rates of a scenario, in requests (health-ingest: batches) per second.
rates_for() {
    local default
    case $1 in
        sign-in | webhook-ingest) default=10,25,50,100,200 ;;
        health-ingest) default=40,48,56,60,64 ;;
        ai-proxy) default=25,50,100,200,400 ;;
        ai-fallback) default=25,100,400 ;;
        *) default=50,100,200,400,800 ;;
    esac
    scenario_setting BENCH_RATES "$1" "$default"
}

# BENCH_WARMUP_RATE applies to the round-trip scenarios; an integration scenario warms up at its
# lowest rate unless BENCH_WARMUP_RATE_<NAME> says otherwise.
warmup_rate_for() {
    case $1 in
        echo-jms | http-only | auth-only) scenario_setting BENCH_WARMUP_RATE "$1" 50 ;;
        *) BENCH_WARMUP_RATE='' scenario_setting BENCH_WARMUP_RATE "$1" \
            "$(rates_for "$1" | tr ',' '\n' | sort -n | head -1)" ;;
    esac
}

warmup_seconds_for() {
    local default=10
    [[ $1 == health-ingest ]] && default=180
    scenario_setting BENCH_WARMUP_SECONDS "$1" "$default"
}

# An ops token closes the recommendation breaker between the AI scenarios.
reset_ai_breaker() {
    curl -fsS -m 10 -o /dev/null -X POST -H "Authorization: Bearer $OPS_TOKEN" \
        "$BASE/ops/resilience/recommendations/reset" || log "could not reset the recommendations breaker"
}

# What the gateway did with a scenario's requests, from its database (after the Gatling run).
after_scenario() {
    local scenario=$1 steps=$OUT/steps-$1.json db=$OUT/db-$1.json
    case $scenario in
        sign-in)
            bench_db audit --steps "$steps" --out "$db" \
                --inbound-operation "POST /api/auth/oauth/google/token" --outbound-service google ;;
        webhook-ingest)
            log "waiting for every event to be applied, then single-row inserts (${BENCH_INSERT_THREADS:-8} connections)"
            bench_db webhooks --steps "$steps" --out "$db" \
                --threads "${BENCH_INSERT_THREADS:-8}" --insert-seconds "${BENCH_INSERT_SECONDS:-10}" ;;
        health-ingest)
            log "waiting for the points to be stored, then COPY of the same rows"
            bench_db health --steps "$steps" --out "$db" --batch-size 1000 ;;
        ai-proxy | ai-fallback)
            bench_db audit --steps "$steps" --out "$db" \
                --inbound-operation "POST /api/recommendations/workouts" --outbound-service recommendations ;;
        *) return 0 ;;
    esac >>"$OUT/bench-db.log" 2>&1 || die "reading $scenario's figures from the database failed (log: $OUT/bench-db.log)"
}

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
# CPU time (user + system, all threads) of a process, in ms
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Starts the gateway and waits for /actuator/health to answer UP; sets GATEWAY_PID and STARTUP_MS.
start_gateway() {
    local label=$1
    local t0
    t0=$(now_ms)
    # setsid: its own session, so a Ctrl-C of the terminal reaches the script's trap, not the JVM
    # directly (java is exec'ed by setsid: $! is the JVM's pid).
    # shellcheck disable=SC2086
    GATEWAY_DATA_DIR=$DATA GATEWAY_PORT=$PORT setsid java ${BENCH_GATEWAY_OPTS:-} -jar "$JAR" \
        --gateway.broker.tcp-port=0 ${SCENARIO_ARGS[@]+"${SCENARIO_ARGS[@]}"} ${BENCH_GATEWAY_ARGS:-} \
        >>"$OUT/gateway-$label.log" 2>&1 </dev/null &
    GATEWAY_PID=$!
    local deadline=$((t0 + 300000))
    while :; do
        if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then
            tail -40 "$OUT/gateway-$label.log" >&2
            die "gateway exited during start (log: $OUT/gateway-$label.log)"
        fi
        if curl -fsS -m 2 "$BASE/actuator/health" 2>/dev/null | grep -q '^{"status":"UP"'; then
            break
        fi
        (($(now_ms) < deadline)) || die "gateway not UP after 300 s (log: $OUT/gateway-$label.log)"
        sleep 0.05
    done
    STARTUP_MS=$(($(now_ms) - t0))
    [[ $(cat "/proc/$GATEWAY_PID/comm") == java ]] || die "pid $GATEWAY_PID is not the JVM"
}

# After an overload the gateway keeps working off queued exchanges (and refusing new ones) for a
# while: wait at least BENCH_SETTLE_SECONDS, then until 20 JWKS requests in a row answer 200 within
# 200 ms (at most 300 s).
wait_until_drained() {
    sleep "${BENCH_SETTLE_SECONDS:-10}"
    local good=0 deadline=$(($(now_ms) + 300000)) t0 code
    while ((good < 20)); do
        t0=$(now_ms)
        code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$BASE/.well-known/jwks.json" || true)
        if [[ $code == 200 ]] && (($(now_ms) - t0 < 200)); then
            good=$((good + 1))
        else
            good=0
            sleep 1
        fi
        (($(now_ms) < deadline)) || { log "gateway still busy after 300 s, going on"; return 0; }
    done
}

# ---------------------------------------------------------------------------------------------
[[ $DATA == /tmp/?* ]] || die "BENCH_DATA_DIR must be under /tmp (it is wiped): $DATA"
if curl -s -m 2 -o /dev/null "$BASE/actuator/health"; then
    die "something already answers on $BASE; stop it or set GATEWAY_PORT"
fi
mkdir -p "$OUT"
log "results in $OUT"
{
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
    echo "gateway JVM options: ${BENCH_GATEWAY_OPTS:-(none)}; gateway args: --gateway.broker.tcp-port=0 ${SCENARIO_ARGS[*]-} ${BENCH_GATEWAY_ARGS:-}"
    echo "load at the start: $(uptime)"
} >"$OUT/context.txt"

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
    log "building the jar and the bench classes (./mvnw -Pbench package -DskipTests)"
    "${MVN[@]}" -q -Pbench package -DskipTests >"$OUT/build.log" 2>&1 || {
        tail -40 "$OUT/build.log" >&2
        die "build failed (log: $OUT/build.log)"
    }
fi
[[ -f $JAR ]] || die "no $JAR"
[[ -f $ROOT/target/test-classes/com/fitplatform/gateway/bench/GatewayRoundTripSimulation.class ]] \
    || die "bench classes not compiled (run without BENCH_SKIP_BUILD or: ./mvnw -Pbench test-compile)"

rm -rf "$DATA"
mkdir -p "$DATA"

log "starting the gateway on $BASE (fresh state dir $DATA)"
start_gateway cold
COLD_MS=$STARTUP_MS
log "cold start: $COLD_MS ms to health UP"
sleep 10
RSS_IDLE=$(rss_kb "$GATEWAY_PID")
log "idle RSS: $((RSS_IDLE / 1024)) MiB"

log "minting a service token"
TOKEN=$(java -Dloader.main=com.fitplatform.gateway.ops.OpsCommand -cp "$JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    token --subject service:bench --roles service --ttl PT6H --key-file "$DATA/keys/jwt-signing-keys.json" 2>>"$OUT/token.log" \
    | tail -1)
[[ $TOKEN == *.*.* ]] || die "no token (see $OUT/token.log)"
OPS_TOKEN=$(java -Dloader.main=com.fitplatform.gateway.ops.OpsCommand -cp "$JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    token --subject bench-ops --roles ops --ttl PT6H --key-file "$DATA/keys/jwt-signing-keys.json" 2>>"$OUT/token.log" \
    | tail -1)
[[ $OPS_TOKEN == *.*.* ]] || die "no ops token (see $OUT/token.log)"

probe=$(curl -sS -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -H 'X-Request-Id: bench-smoke-1' -d '{"label":"smoke"}' "$BASE/api/probes/echo")
[[ $probe == *'"requestIdSeenByConsumer":"bench-smoke-1"'* ]] || die "echo smoke test failed: $probe"
log "smoke test ok: $probe"

: >"$OUT/scenarios.tsv"
: >"$OUT/setup.txt"
first=1
for scenario in $SCENARIOS; do
    if ((first == 0)); then
        # The previous scenario ends past saturation: let the gateway drain its backlog first.
        wait_until_drained
    fi
    first=0
    case $scenario in
        ai-proxy) reset_ai_breaker; [[ -n $FAKE_AI_PID ]] || start_fake_ai ;;
        ai-fallback) stop_fake_ai; reset_ai_breaker ;;
    esac
    rates=$(rates_for "$scenario")
    log "Gatling: $scenario at $rates (log: $OUT/gatling-$scenario.log)"
    cpu0=$(cpu_ms "$GATEWAY_PID")
    load0=$(loadavg)
    # Its own process group (setsid), so cleanup can stop Maven and the forked Gatling JVM together.
    # shellcheck disable=SC2086
    setsid "${MVN[@]}" -Pbench gatling:test \
        -Dgatling.resultsFolder="$OUT/gatling-$scenario" \
        -Dgateway.url="$BASE" -Dgateway.token="$TOKEN" \
        -Dbench.scenarios="$scenario" \
        -Dbench.model="${BENCH_MODEL:-both}" \
        -Dbench.rates="$rates" \
        -Dbench.stepSeconds="${BENCH_STEP_SECONDS:-20}" \
        -Dbench.warmupSeconds="$(warmup_seconds_for "$scenario")" \
        -Dbench.warmupRate="$(warmup_rate_for "$scenario")" \
        -Dbench.closedUsers="${BENCH_CLOSED_USERS:-16}" \
        -Dbench.closedSeconds="${BENCH_CLOSED_SECONDS:-30}" \
        -Dbench.pauseSeconds="${BENCH_PAUSE_SECONDS:-3}" \
        -Dbench.shareConnections="${BENCH_SHARE_CONNECTIONS:-true}" \
        -Dbench.stepsFile="$OUT/steps-$scenario.json" \
        -Dbench.latencyFile="$OUT/latency-$scenario.json" \
        -Dbench.gatewayPid="$GATEWAY_PID" -Dbench.clockTicks="$(getconf CLK_TCK)" \
        -Dbench.cpuFile="$OUT/cpu-$scenario.json" \
        -Dbench.stripeWebhookSecret="${GATEWAY_STRIPE_WEBHOOK_SECRET:-whsec_sandbox_secret}" \
        -Dbench.aiServiceUrl="http://127.0.0.1:$AI_PORT" -Dbench.aiApiKey="$AI_KEY" \
        ${BENCH_GATLING_OPTS:-} >"$OUT/gatling-$scenario.log" 2>&1 </dev/null &
    MVN_PID=$!
    rc=0
    wait "$MVN_PID" || rc=$?
    MVN_PID=
    ((rc == 0)) || { tail -40 "$OUT/gatling-$scenario.log" >&2; die "Gatling run $scenario failed (rc $rc)"; }
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway died during $scenario"
    cpu1=$(cpu_ms "$GATEWAY_PID")
    printf '%s\t%s\t%s\t%s\n' "$scenario" "$((cpu1 - cpu0))" "$load0" "$(loadavg)" >>"$OUT/scenarios.tsv"
    grep -E "^$scenario: " "$OUT/gatling-$scenario.log" >>"$OUT/setup.txt" || true
    after_scenario "$scenario"
done
stop_fake_ai
RSS_LOADED=$(rss_kb "$GATEWAY_PID")
RSS_PEAK=$(hwm_kb "$GATEWAY_PID")
log "RSS after load: $((RSS_LOADED / 1024)) MiB (peak $((RSS_PEAK / 1024)) MiB)"
stop_gateway

RESTART_MS=
if [[ ${BENCH_RESTART:-1} == 1 ]]; then
    log "restarting on the existing state dir"
    start_gateway restart
    RESTART_MS=$STARTUP_MS
    log "restart: $RESTART_MS ms to health UP"
    stop_gateway
fi

python3 - "$OUT" "$COLD_MS" "${RESTART_MS:-}" "$RSS_IDLE" "$RSS_LOADED" "$RSS_PEAK" $SCENARIOS <<'PY' | tee "$OUT/results.md"
import glob, json, os, re, sys

out, cold, restart, rss_idle, rss_loaded, rss_peak = sys.argv[1:7]
scenarios = sys.argv[7:]

def report_stats(scenario):
    """Gatling's per-request statistics: js/stats.json (older Gatling) or js/stats.js (3.10+)."""
    runs = sorted(glob.glob(os.path.join(out, f"gatling-{scenario}", "*", "js")))
    if not runs:
        sys.exit(f"no Gatling report for {scenario} under {out}/gatling-{scenario}")
    js = runs[-1]
    report = os.path.dirname(js)
    if os.path.exists(os.path.join(js, "stats.json")):
        with open(os.path.join(js, "stats.json"), encoding="utf-8") as f:
            return json.load(f), report
    with open(os.path.join(js, "stats.js"), encoding="utf-8") as f:
        text = f.read()
    # "var stats = { type: ..., contents: {...} }" followed by functions: keep the object literal,
    # quote its bare keys, and it is JSON.
    body = text[text.index("{"):text.index("\nfunction")]
    body = re.sub(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:", r'\1"\2":', body, flags=re.M)
    return json.loads(body), report

def num(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

extra = {}
with open(os.path.join(out, "scenarios.tsv"), encoding="utf-8") as f:
    for line in f:
        name, cpu, load0, load1 = line.rstrip("\n").split("\t")
        extra[name] = (int(cpu), load0, load1)

print(open(os.path.join(out, "context.txt"), encoding="utf-8").read().rstrip())
print("gateway and Gatling share the machine (127.0.0.1)")
print()
print("| scenario | step | offered | requests | errors (KO) | achieved OK req/s | p50 ms | p99 ms | max ms |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|")
totals = []
for scenario in scenarios:
    stats, report = report_stats(scenario)
    by_name = {c["name"]: c["stats"] for c in stats.get("contents", {}).values()}
    with open(os.path.join(out, f"steps-{scenario}.json"), encoding="utf-8") as f:
        steps = json.load(f)
    requests = 0
    for step in steps:
        s = by_name.get(step["step"])
        if s is None:
            continue
        total, ok, ko = (num(s["numberOfRequests"][k]) for k in ("total", "ok", "ko"))
        requests += total
        window = (step["lastReceivedMs"] - step["firstSentMs"]) / 1000.0
        rps = ok / window if window > 0 else 0.0
        print(f"| {scenario} | {step['model']} | {step['offered']} | {total} | {ko} | {rps:.0f} | "
              f"{num(s['percentiles1']['total'])} | {num(s['percentiles4']['total'])} | "
              f"{num(s['maxResponseTime']['total'])} |")
    totals.append((scenario, requests, report))
print()
print("p50/p99/max: Gatling's response times of all requests of the step (errors included);")
print("achieved OK req/s: successful requests / (last response - first request) of the step.")
print()
print(f"- cold start (launch to /actuator/health UP, fresh state dir): {cold} ms")
if restart:
    print(f"- restart on the existing state dir: {restart} ms")
print(f"- RSS of the gateway JVM: idle after start {int(rss_idle)//1024} MiB; after the load {int(rss_loaded)//1024} MiB "
      f"(peak VmHWM {int(rss_peak)//1024} MiB)")
for scenario, requests, report in totals:
    cpu, load0, load1 = extra.get(scenario, (0, "?", "?"))
    what = "gateway CPU"
    cpu_file = os.path.join(out, f"cpu-{scenario}.json")
    if os.path.exists(cpu_file) and os.path.getsize(cpu_file) > 0:
        # Measured from the end of the scenario's setup (minting, buying) to the end of its last step.
        cpu = json.load(open(cpu_file, encoding="utf-8"))["stepsCpuMs"]
        what = "gateway CPU during the steps"
    per = f"{cpu / requests:.2f} ms CPU per request" if requests else ""
    print(f"- {scenario}: {what} {cpu / 1000:.1f} s for {requests} requests ({per}); load average "
          f"before {load0}, after {load1}; report {os.path.relpath(report, out)}/index.html")# ---- integration scenarios: the gateway's own figures (from its database) and the physical limits
def load(name):
    try:
        with open(os.path.join(out, name), encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None

def offered_rate(step):
    try:
        return float(step["offered"].split("/")[0])
    except (ValueError, KeyError):
        return 0.0

def ms(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"

def gatling_row(by_name, name, step):
    """(total, ok, ko, achieved OK/s, p50, p99, max) of one request name in one step."""
    s = by_name.get(name)
    if s is None:
        return None
    total, ok, ko = (num(s["numberOfRequests"][k]) for k in ("total", "ok", "ko"))
    window = (step["lastReceivedMs"] - step["firstSentMs"]) / 1000.0
    return (total, ok, ko, ok / window if window > 0 else 0.0, num(s["percentiles1"]["total"]),
            num(s["percentiles4"]["total"]), num(s["maxResponseTime"]["total"]))

def joined(by_name, steps, db_steps):
    """(step, Gatling row, database row) of each measured step that has Gatling statistics."""
    for step in steps:
        g = gatling_row(by_name, step["step"], step)
        if g is not None:
            yield step, g, db_steps.get(step["step"], {})

def header(title, *cells):
    print(title)
    print()
    print("| " + " | ".join(cells) + " |")
    print("|" + "---:|" * len(cells))

def measured_steps(steps):
    return [s for s in steps if s["model"] == "open"]

def sustained(rows):
    """The highest open step without errors whose achieved rate kept up with the offered one (95 %)."""
    best = None
    for row in rows:
        if row["ok_all"] and row["achieved"] >= 0.95 * row["offered"]:
            best = row
    return best

for scenario in scenarios:
    if scenario not in ("sign-in", "webhook-ingest", "health-ingest", "ai-proxy", "ai-fallback"):
        continue
    stats, _ = report_stats(scenario)
    by_name = {c["name"]: c["stats"] for c in stats.get("contents", {}).values()}
    steps = measured_steps(load(f"steps-{scenario}.json") or [])
    db = load(f"db-{scenario}.json") or {}
    db_steps = {row["step"]: row for row in db.get("steps", [])}
    print()
    if scenario == "sign-in":
        header("### sign-in: native Google login, POST /api/auth/oauth/google/token (ID tokens minted before the steps)",
               "offered/s", "logins", "errors", "logins/s", "p50 ms", "p99 ms", "gateway's time p50 / p99 ms",
               "calls to Google", "waiting on Google, ms per login", "gateway's own p50 / p99 ms")
        rows = []
        for step, g, a in joined(by_name, steps, db_steps):
            rows.append({"offered": offered_rate(step), "achieved": g[3], "ok_all": g[2] == 0, "p50": g[4],
                         "p99": g[5]})
            per_login = (a.get("outbound_ms") or 0) / a["requests"] if a.get("requests") else None
            print(f"| {step['offered']} | {g[0]} | {g[2]} | {g[3]:.0f} | {g[4]} | {g[5]} | "
                  f"{ms(a.get('total_p50'))} / {ms(a.get('total_p99'))} | {a.get('outbound_calls', '-')} | "
                  f"{ms(per_login, 2)} | {ms(a.get('own_p50'))} / {ms(a.get('own_p99'))} |")
        print()
        print("p50/p99: Gatling, client side. The gateway's time, its calls to Google (the fake issuer's JWKS, "
              "cached 15 min) and its own part (its time minus the time spent waiting on Google, per request) "
              "come from integration_audit (whole ms).")
        best = sustained(rows)
        if best:
            print(f"- highest rate sustained (no error, >= 95 % of offered): **{best['offered']:.0f} logins/s**, "
                  f"p50 {best['p50']} ms, p99 {best['p99']} ms")
    elif scenario == "webhook-ingest":
        header("### webhook-ingest: signed Stripe events, POST /webhooks/stripe (every 10th a duplicate)",
               "offered/s", "events sent", "errors", "acknowledged/s", "p50 ms", "p99 ms", "events recorded",
               "applied", "applied/s", "apply lag p50 / p99 ms")
        rows = []
        for step, g, w in joined(by_name, steps, db_steps):
            applied_rate = w.get("appliedPerSecond") or 0.0
            # Duplicates are deliveries of events sent before: the new events arrive at offered x new/sent.
            new_share = w.get("recorded", 0) / g[0] if g[0] else 0.0
            kept_up = applied_rate >= 0.95 * offered_rate(step) * new_share
            rows.append({"offered": offered_rate(step), "achieved": g[3] if kept_up else 0.0,
                         "ok_all": g[2] == 0 and w.get("notApplied", 1) == 0, "p99": g[5], "applied": applied_rate})
            print(f"| {step['offered']} | {g[0]} | {g[2]} | {g[3]:.0f} | {g[4]} | {g[5]} | {w.get('recorded', '-')} | "
                  f"{w.get('applied', '-')} | {ms(w.get('appliedPerSecond'))} | "
                  f"{ms(w.get('applyLagP50Ms'))} / {ms(w.get('applyLagP99Ms'))} |")
        base = db.get("insertBaseline", {})
        server = db.get("server", {})
        print()
        print("applied/s: new events of the step (duplicates are resends of earlier ones) applied, over (last applied_at - first received_at); "
              f"apply lag: applied_at - received_at (payment_webhook). All applied after {db.get('drainSeconds', '?')} s "
              "of waiting.")
        print()
        if base:
            print(f"- plain single-row durable inserts, same PostgreSQL, right after: "
                  f"**{base['rowsPerSecond']:,.0f} rows/s** ({base['threads']} connections, autocommit, "
                  f"{base['rows']:,} rows in {base['seconds']:.1f} s; PostgreSQL {server.get('server_version')}, "
                  f"fsync={server.get('fsync')}, synchronous_commit={server.get('synchronous_commit')}, "
                  f"wal_sync_method={server.get('wal_sync_method')})")
        best = sustained(rows)
        if best and base:
            print(f"- sustained: **{best['offered']:.0f} events/s** (highest step with no error, every event applied, "
                  f"acknowledged and applied at >= 95 % of the rate sent), p99 {best['p99']} ms: "
                  f"{100 * best['offered'] / base['rowsPerSecond']:.0f} % of the single-row insert rate (goal >= 50 %)")
        elif base:
            print("- sustained: no step kept up (errors, or acknowledged/applied below 95 % of the offered rate)")
        if rows and base:
            peak = max(r["applied"] for r in rows)
            print(f"- highest applied rate in any step: {peak:,.0f} events/s "
                  f"({100 * peak / base['rowsPerSecond']:.0f} % of the insert rate)")
    elif scenario == "health-ingest":
        header("### health-ingest: HealthKit batches of 1,000 samples, POST /api/health/apple-health/samples",
               "batches/s offered", "points/s offered", "batches", "errors", "p50 ms", "p99 ms", "points stored",
               "stored points/s", "store done, ms after the last answer")
        rows = []
        for step, g, h in joined(by_name, steps, db_steps):
            pps = h.get("pointsPerSecond") or 0.0
            rows.append({"offered": offered_rate(step) * 1000, "achieved": pps,
                         "ok_all": g[2] == 0 and h.get("points", 0) == g[1] * 1000, "p99": g[5], "stored": pps})
            print(f"| {step['offered']} | {offered_rate(step) * 1000:,.0f} | {g[0]} | {g[2]} | {g[4]} | {g[5]} | "
                  f"{h.get('points', 0):,} | {ms(h.get('pointsPerSecond'))} | {ms(h.get('storeEndedAfterLastAnswerMs'))} |")
        copy = db.get("copyBaseline", {})
        server = db.get("server", {})
        print()
        print("stored points/s: rows of the step's users in health_metrics over (last stored_at - first request "
              f"sent). Waited {db.get('drainSeconds', '?')} s for the pipeline to finish.")
        print()
        if copy.get("rowsPerSecond"):
            print(f"- COPY of the same rows into a table of the same structure (partitioned by month, same primary "
                  f"key and index), one stream, after a checkpoint, best of {len(copy.get('rounds', [1]))} rounds: "
                  f"**{copy['rowsPerSecond']:,.0f} rows/s** ({copy['rows']:,} rows, "
                  f"{copy['bytes'] / 1048576:.1f} MiB in {copy['seconds']:.2f} s; rounds "
                  f"{' / '.join(f'{r:,.0f}' for r in copy.get('rounds', []))} rows/s; PostgreSQL "
                  f"{server.get('server_version')}, fsync={server.get('fsync')}, "
                  f"synchronous_commit={server.get('synchronous_commit')})")
            best = sustained(rows)
            if best:
                print(f"- sustained: **{best['offered']:,.0f} points/s** (highest step with no error, every point "
                      f"stored, at >= 95 % of the offered rate): {100 * best['offered'] / copy['rowsPerSecond']:.0f} % "
                      f"of COPY (goal >= 50 %)")
            else:
                print("- sustained: no step kept up")
            if rows:
                peak = max(r["stored"] for r in rows)
                print(f"- highest stored rate in any step: {peak:,.0f} points/s "
                      f"({100 * peak / copy['rowsPerSecond']:.0f} % of COPY)")
    elif scenario in ("ai-proxy", "ai-fallback"):
        latency = load(f"latency-{scenario}.json") or {}
        if scenario == "ai-proxy":
            header("### ai-proxy: POST /api/recommendations/workouts via the gateway and directly to the same fake "
                   "(fixed answer time), same users, same moment",
                   "offered/s (each)", "errors via gateway / direct", "OK/s via gateway", "via gateway p50 / p99 ms",
                   "direct p50 / p99 ms", "**added p50 / p99 ms**", "gateway's time p50 / p99 ms (audit)")
            rows = []
            for step, g, a in joined(by_name, steps, db_steps):
                d = gatling_row(by_name, step["step"] + " direct", step)
                lg = latency.get(step["step"])
                ld = latency.get(step["step"] + " direct")
                if d is None or lg is None or ld is None:
                    continue
                added50, added99 = lg["p50"] - ld["p50"], lg["p99"] - ld["p99"]
                rows.append({"offered": offered_rate(step), "achieved": g[3], "ok_all": g[2] == 0 and d[2] == 0,
                             "added99": added99, "added50": added50})
                print(f"| {step['offered']} | {g[2]} / {d[2]} | {g[3]:.0f} | {lg['p50']:.2f} / {lg['p99']:.2f} | "
                      f"{ld['p50']:.2f} / {ld['p99']:.2f} | **{added50:.2f} / {added99:.2f}** | "
                      f"{ms(a.get('total_p50'))} / {ms(a.get('total_p99'))} |")
            print()
            print("Latencies measured in the Gatling JVM with System.nanoTime around each request; added = "
                  "percentile via the gateway - the same percentile direct. The gateway's time: as it measures "
                  "itself, request in to answer out (integration_audit, whole ms).")
            calls = sum(db_steps.get(s["step"], {}).get("outbound_calls") or 0 for s in steps)
            if calls == 0:
                print("The gateway's calls to the recommendation service left no outbound rows in integration_audit, "
                      "so its own part cannot be split from the service's there.")
            best = sustained(rows)
            if best:
                verdict = "met" if best["added99"] < 5 else "not met"
                print(f"- highest rate sustained (no error, >= 95 % of offered): {best['offered']:.0f}/s via the "
                      f"gateway (plus as many direct); added p50 {best['added50']:.2f} ms, "
                      f"**p99 {best['added99']:.2f} ms** (goal < 5 ms: {verdict})")
        else:
            header("### ai-fallback: the same call with the recommendation service stopped (connection refused, "
                   "then the open breaker): the rule-based answer",
                   "offered/s", "calls", "errors", "OK/s", "p50 ms", "p99 ms", "max ms")
            for step, g, _ in joined(by_name, steps, db_steps):
                lg = latency.get(step["step"])
                if lg is None:
                    continue
                print(f"| {step['offered']} | {g[0]} | {g[2]} | {g[3]:.0f} | {lg['p50']:.2f} | {lg['p99']:.2f} | "
                      f"{lg['max']:.2f} |")
setup = os.path.join(out, "setup.txt")
if os.path.exists(setup) and os.path.getsize(setup) > 0:
    print()
    print("Setup of the integration scenarios (before their first step, not measured):")
    for line in open(setup, encoding="utf-8"):
        if line.strip():
            print("- " + line.strip())
PY
log "done: $OUT/results.md"
