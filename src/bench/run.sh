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
#   BENCH_MODEL           both | open | closed                                   both
#   BENCH_RATES           open-model rates, users (= requests) per second        50,100,200,400,800
#   BENCH_STEP_SECONDS    duration of each open-model step                       20
#   BENCH_WARMUP_SECONDS  warm-up per scenario at BENCH_WARMUP_RATE (0: none)    10
#   BENCH_WARMUP_RATE                                                            50
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

GATEWAY_PID=
MVN_PID=

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
        --gateway.broker.tcp-port=0 ${BENCH_GATEWAY_ARGS:-} >>"$OUT/gateway-$label.log" 2>&1 </dev/null &
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
    echo "gateway JVM options: ${BENCH_GATEWAY_OPTS:-(none)}; gateway args: --gateway.broker.tcp-port=0 ${BENCH_GATEWAY_ARGS:-}"
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
    token --subject bench --roles service --ttl PT6H --key-file "$DATA/keys/jwt-signing-keys.json" 2>>"$OUT/token.log" \
    | tail -1)
[[ $TOKEN == *.*.* ]] || die "no token (see $OUT/token.log)"

probe=$(curl -sS -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -H 'X-Request-Id: bench-smoke-1' -d '{"label":"smoke"}' "$BASE/api/probes/echo")
[[ $probe == *'"requestIdSeenByConsumer":"bench-smoke-1"'* ]] || die "echo smoke test failed: $probe"
log "smoke test ok: $probe"

: >"$OUT/scenarios.tsv"
first=1
for scenario in $SCENARIOS; do
    if ((first == 0)); then
        # The previous scenario ends past saturation: let the gateway drain its backlog first.
        wait_until_drained
    fi
    first=0
    log "Gatling: $scenario (log: $OUT/gatling-$scenario.log)"
    cpu0=$(cpu_ms "$GATEWAY_PID")
    load0=$(loadavg)
    # Its own process group (setsid), so cleanup can stop Maven and the forked Gatling JVM together.
    # shellcheck disable=SC2086
    setsid "${MVN[@]}" -Pbench gatling:test \
        -Dgatling.resultsFolder="$OUT/gatling-$scenario" \
        -Dgateway.url="$BASE" -Dgateway.token="$TOKEN" \
        -Dbench.scenarios="$scenario" \
        -Dbench.model="${BENCH_MODEL:-both}" \
        -Dbench.rates="${BENCH_RATES:-50,100,200,400,800}" \
        -Dbench.stepSeconds="${BENCH_STEP_SECONDS:-20}" \
        -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-10}" \
        -Dbench.warmupRate="${BENCH_WARMUP_RATE:-50}" \
        -Dbench.closedUsers="${BENCH_CLOSED_USERS:-16}" \
        -Dbench.closedSeconds="${BENCH_CLOSED_SECONDS:-30}" \
        -Dbench.pauseSeconds="${BENCH_PAUSE_SECONDS:-3}" \
        -Dbench.shareConnections="${BENCH_SHARE_CONNECTIONS:-true}" \
        -Dbench.stepsFile="$OUT/steps-$scenario.json" \
        ${BENCH_GATLING_OPTS:-} >"$OUT/gatling-$scenario.log" 2>&1 </dev/null &
    MVN_PID=$!
    rc=0
    wait "$MVN_PID" || rc=$?
    MVN_PID=
    ((rc == 0)) || { tail -40 "$OUT/gatling-$scenario.log" >&2; die "Gatling run $scenario failed (rc $rc)"; }
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway died during $scenario"
    cpu1=$(cpu_ms "$GATEWAY_PID")
    printf '%s\t%s\t%s\t%s\n' "$scenario" "$((cpu1 - cpu0))" "$load0" "$(loadavg)" >>"$OUT/scenarios.tsv"
done
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
    per = f"{cpu / requests:.2f} ms CPU per request" if requests else ""
    print(f"- {scenario}: gateway CPU {cpu / 1000:.1f} s for {requests} requests ({per}); load average "
          f"before {load0}, after {load1}; report {os.path.relpath(report, out)}/index.html")
PY
log "done: $OUT/results.md"
