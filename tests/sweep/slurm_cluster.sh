#!/usr/bin/env bash
# Start / stop a private single-node SLURM cluster (munged + slurmctld + slurmd)
# for tests. No systemd needed; everything lives under STATE_DIR.
#
#   slurm_cluster.sh start  STATE_DIR   # start, wait until the node is idle
#   slurm_cluster.sh stop   STATE_DIR   # stop exactly the daemons started above
#   slurm_cluster.sh status STATE_DIR   # exit 0 if all three daemons are alive
#
# After `start`, source STATE_DIR/env.sh (or export SLURM_CONF as printed)
# before calling sbatch/squeue/scontrol.
#
# Needs root and the Debian 12 packages slurm-wlm (slurmctld, slurmd,
# slurm-client, slurm-wlm-basic-plugins) and munge.
#
# Environment knobs (optional):
#   SLURM_CLUSTER_CTLD_PORT   slurmctld port (default 6817)
#   SLURM_CLUSTER_SLURMD_PORT slurmd port    (default 6818)
#   SLURM_CLUSTER_TIMEOUT     seconds to wait for the node to be idle (default 30)
set -euo pipefail

die() { echo "slurm_cluster: ERROR: $*" >&2; exit 1; }
log() { echo "slurm_cluster: $*" >&2; }

usage() { echo "usage: $0 {start|stop|status} STATE_DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
ACTION=$1
STATE_DIR=$2
[ -n "$STATE_DIR" ] || usage
if [ "$ACTION" = start ]; then
    mkdir -p "$STATE_DIR"
elif [ ! -d "$STATE_DIR" ]; then
    [ "$ACTION" = stop ] && exit 0      # nothing was ever started there
    echo "no cluster state in $STATE_DIR"; exit 1
fi
STATE_DIR=$(cd "$STATE_DIR" && pwd -P)
[ "$STATE_DIR" != / ] || die "STATE_DIR must not be /"

CTLD_PORT=${SLURM_CLUSTER_CTLD_PORT:-6817}
SLURMD_PORT=${SLURM_CLUSTER_SLURMD_PORT:-6818}
TIMEOUT=${SLURM_CLUSTER_TIMEOUT:-30}

CONF=$STATE_DIR/slurm.conf
LOGDIR=$STATE_DIR/log
# Directory holding the runtime sockets (munge socket, slurmd spool with
# slurmstepd sockets). Normally $STATE_DIR/run; a short /tmp directory when
# STATE_DIR is too long for a unix socket path (108 bytes) or not reachable
# by the munge user. Its actual path is recorded in $STATE_DIR/run.path.
RUN_PATH_FILE=$STATE_DIR/run.path
# Marker put in the environment of every daemon we start, so that `stop`
# only ever signals processes that carry it.
MARKER="SLURM_CLUSTER_STATE_DIR=$STATE_DIR"

# ---------------------------------------------------------------- helpers

tail_log() {  # file
    if [ -s "$1" ]; then
        echo "----- last lines of $1 -----" >&2
        tail -n 25 "$1" >&2
        echo "-----" >&2
    else
        echo "(log $1 is empty or missing)" >&2
    fi
}

# pid_is_ours PID NAME: the process exists, is not a zombie, its command is
# NAME and its environment carries our marker.
pid_is_ours() {
    local pid=$1 name=$2 comm state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/comm" ] || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [ "$comm" = "$name" ] || return 1
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
    [ "$state" != Z ] || return 1
    tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qxF "$MARKER"
}

pid_alive() {  # PID: exists and is not a zombie
    local state
    [ -r "/proc/$1/status" ] || return 1
    state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

read_pid() {  # pidfile -> pid on stdout (or nothing)
    if [ -s "$1" ]; then head -n1 "$1" | tr -dc 0-9; fi
}

port_in_use() {  # port
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

run_dir() {
    if [ -s "$RUN_PATH_FILE" ]; then cat "$RUN_PATH_FILE"; else echo "$STATE_DIR/run"; fi
}

# stop_daemon NAME PIDFILE: SIGTERM the process if it is ours, wait, SIGKILL.
stop_daemon() {
    local name=$1 pidfile=$2 pid
    pid=$(read_pid "$pidfile")
    if [ -z "$pid" ]; then return 0; fi
    if ! pid_is_ours "$pid" "$name"; then
        rm -f "$pidfile"
        return 0
    fi
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do          # up to 20 s
        pid_alive "$pid" || break
        sleep 0.2
    done
    if pid_alive "$pid" && pid_is_ours "$pid" "$name"; then
        log "$name (pid $pid) ignored SIGTERM, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            pid_alive "$pid" || break
            sleep 0.2
        done
    fi
    pid_alive "$pid" && die "$name (pid $pid) did not exit"
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- stop

do_stop() {
    local rd
    rd=$(run_dir)
    export SLURM_CONF=$CONF
    # Cancel whatever is still queued/running on *this* cluster so that no
    # slurmstepd / job processes survive slurmd.
    local ctld_pid
    ctld_pid=$(read_pid "$STATE_DIR/slurmctld.pid")
    if [ -n "$ctld_pid" ] && pid_is_ours "$ctld_pid" slurmctld && [ -f "$CONF" ]; then
        local -a jobs
        mapfile -t jobs < <(timeout 10 squeue -h -o %i 2>/dev/null || true)
        if [ ${#jobs[@]} -gt 0 ]; then
            log "cancelling leftover jobs: ${jobs[*]}"
            timeout 10 scancel --full "${jobs[@]}" 2>/dev/null || true
            for _ in $(seq 1 50); do
                [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null || true)" ] && break
                sleep 0.2
            done
        fi
    fi
    stop_daemon slurmd    "$STATE_DIR/slurmd.pid"
    stop_daemon slurmctld "$STATE_DIR/slurmctld.pid"
    stop_daemon munged    "$rd/munge/munged.pid"
    # A fallback runtime dir in /tmp is ours to remove.
    if [ -s "$RUN_PATH_FILE" ] && [ "$rd" != "$STATE_DIR/run" ]; then
        case "$rd" in /tmp/slurmc.*) rm -rf "$rd" ;; esac
        rm -f "$RUN_PATH_FILE"
    fi
    log "stopped (state kept in $STATE_DIR)"
}

# ---------------------------------------------------------------- status

do_status() {
    local rd ok=0 p
    rd=$(run_dir)
    for p in "munged:$rd/munge/munged.pid" "slurmctld:$STATE_DIR/slurmctld.pid" \
             "slurmd:$STATE_DIR/slurmd.pid"; do
        local name=${p%%:*} file=${p#*:} pid
        pid=$(read_pid "$file")
        if [ -n "$pid" ] && pid_is_ours "$pid" "$name"; then
            echo "$name running (pid $pid)"
        else
            echo "$name not running"; ok=1
        fi
    done
    return $ok
}

# ---------------------------------------------------------------- start

check_prereqs() {
    [ "$(id -u)" -eq 0 ] || die "must run as root (slurmd and munged need it)"
    local b
    for b in munged munge unmunge slurmctld slurmd sinfo scontrol sbatch squeue runuser; do
        command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] ||
            die "'$b' not found; install the Debian packages: slurm-wlm munge"
    done
    id munge >/dev/null 2>&1 || die "user 'munge' missing (is the munge package installed?)"
}

start_munge() {
    local rd=$1
    local md=$rd/munge
    mkdir -p "$md"
    chown munge:munge "$md"
    chmod 0711 "$md"
    # A private key for this cluster (single node: only our munged uses it).
    # Reuse the system key if there is one, otherwise create one.
    if [ ! -s "$md/munge.key" ]; then
        if [ -s /etc/munge/munge.key ]; then
            cp /etc/munge/munge.key "$md/munge.key"
        elif command -v mungekey >/dev/null 2>&1 || [ -x /usr/sbin/mungekey ]; then
            PATH=$PATH:/usr/sbin mungekey --create --keyfile="$md/munge.key"
        else
            dd if=/dev/urandom of="$md/munge.key" bs=1 count=1024 status=none
        fi
    fi
    chown munge:munge "$md/munge.key"
    chmod 0400 "$md/munge.key"
    rm -f "$md/munge.socket.2" "$md/munge.socket.2.lock"
    # munged's log lives next to its socket (the munge user must be able to
    # reach it); $LOGDIR/munged.log is a symlink to it for convenience.
    : > "$md/munged.log"
    chown munge:munge "$md/munged.log"
    chmod 0644 "$md/munged.log"
    ln -sfn "$md/munged.log" "$LOGDIR/munged.log"
    log "starting munged (socket $md/munge.socket.2)"
    if ! env "$MARKER" runuser -u munge -- /usr/sbin/munged \
            --socket="$md/munge.socket.2" \
            --key-file="$md/munge.key" \
            --pid-file="$md/munged.pid" \
            --log-file="$md/munged.log" \
            --seed-file="$md/munged.seed" </dev/null >"$LOGDIR/munged.stderr" 2>&1; then
        cat "$LOGDIR/munged.stderr" >&2
        tail_log "$md/munged.log"
        die "munged failed to start"
    fi
    for _ in $(seq 1 50); do
        [ -S "$md/munge.socket.2" ] && break
        sleep 0.1
    done
    if ! munge -n --socket="$md/munge.socket.2" | unmunge --socket="$md/munge.socket.2" >/dev/null 2>"$LOGDIR/unmunge.err"; then
        cat "$LOGDIR/unmunge.err" >&2
        tail_log "$md/munged.log"
        die "munge self-test (munge -n | unmunge) failed"
    fi
}

write_conf() {
    local rd=$1 host=$2 nodeline
    # First line of `slurmd -C` is the node description, e.g.
    # NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105
    nodeline=$(slurmd -C 2>/dev/null | head -n1) || true
    case "$nodeline" in
        NodeName=*) ;;
        *) die "unexpected 'slurmd -C' output: $nodeline" ;;
    esac
    # Use our own NodeName (the short hostname) and talk over loopback so no
    # DNS / /etc/hosts entry is needed.
    nodeline="NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host ${nodeline#NodeName=* }"
    cat > "$CONF" <<EOF
# Generated by slurm_cluster.sh -- private single-node test cluster.
ClusterName=cohsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$rd/munge/munge.socket.2
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,batch_sched_delay=0
DependencyParameters=kill_invalid_depend
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
StateSaveLocation=$STATE_DIR/ctld-state
SlurmdSpoolDir=$rd/slurmd-spool
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$LOGDIR/slurmctld.log
SlurmdLogFile=$LOGDIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$STATE_DIR/plugstack.conf
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
$nodeline State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
    # Empty plugstack: do not pick up /etc/slurm/plugstack.conf.d SPANK plugins.
    : > "$STATE_DIR/plugstack.conf"
}

start_daemon() {  # name logfile pidfile cmd...
    local name=$1 logf=$2 pidf=$3; shift 3
    log "starting $name"
    rm -f "$pidf"
    if ! env "$MARKER" SLURM_CONF="$CONF" "$@" </dev/null >"$LOGDIR/$name.stderr" 2>&1; then
        cat "$LOGDIR/$name.stderr" >&2
        tail_log "$logf"
        die "$name failed to start"
    fi
    local pid=""
    for _ in $(seq 1 50); do   # up to 10 s for the pid file
        pid=$(read_pid "$pidf")
        [ -n "$pid" ] && pid_is_ours "$pid" "$name" && return 0
        sleep 0.2
    done
    cat "$LOGDIR/$name.stderr" >&2
    tail_log "$logf"
    die "$name did not start (no live process for pid file $pidf)"
}

# If start fails half-way, stop whatever it had started.
start_failed() {
    local rc=$?
    if [ $rc -ne 0 ]; then
        log "start failed; stopping the daemons it had started"
        ( do_stop ) >/dev/null 2>&1 || true
    fi
}

do_start() {
    check_prereqs
    if do_status >/dev/null 2>&1; then
        die "a cluster is already running for $STATE_DIR (run: $0 stop $STATE_DIR)"
    fi
    trap start_failed EXIT
    # Clean up any half-started previous instance of this STATE_DIR.
    ( do_stop ) >/dev/null 2>&1 || true

    local p
    for p in "$CTLD_PORT" "$SLURMD_PORT"; do
        port_in_use "$p" && die "port $p on 127.0.0.1 is already in use (another slurm?); set SLURM_CLUSTER_CTLD_PORT/SLURM_CLUSTER_SLURMD_PORT"
    done

    local host
    # slurmctld only runs where SlurmctldHost matches the short host name.
    host=$(hostname -s 2>/dev/null || uname -n)
    host=${host%%.*}
    [ -n "$host" ] || die "cannot determine the host name"

    # Runtime dir: socket paths must stay below ~100 bytes and the munge user
    # must be able to reach the munge dir.
    local rd=$STATE_DIR/run
    chmod 0755 "$STATE_DIR"
    mkdir -p "$rd"
    chmod 0755 "$rd"
    # (slurmd puts "<spool>/<host>_<jobid>.<stepid>" sockets there.)
    if [ $((${#rd} + ${#host})) -gt 70 ] || ! runuser -u munge -- test -x "$rd"; then
        rd=$(mktemp -d /tmp/slurmc.XXXXXX)
        chmod 0755 "$rd"
        echo "$rd" > "$RUN_PATH_FILE"
        log "STATE_DIR path too long or not reachable by user munge; sockets go to $rd"
    else
        rm -f "$RUN_PATH_FILE"
    fi

    mkdir -p "$LOGDIR"
    chmod 0755 "$LOGDIR"
    # Fresh controller state each start: no jobs carried over from a previous run.
    rm -rf "$STATE_DIR/ctld-state" "$rd/slurmd-spool"
    mkdir -p "$STATE_DIR/ctld-state" "$rd/slurmd-spool"
    rm -f "$LOGDIR/slurmctld.log" "$LOGDIR/slurmd.log"

    start_munge "$rd"
    write_conf "$rd" "$host"

    start_daemon slurmctld "$LOGDIR/slurmctld.log" "$STATE_DIR/slurmctld.pid" \
        /usr/sbin/slurmctld -f "$CONF"
    start_daemon slurmd "$LOGDIR/slurmd.log" "$STATE_DIR/slurmd.pid" \
        /usr/sbin/slurmd -f "$CONF" -N "$host"

    export SLURM_CONF=$CONF
    local state="" resumed=0 deadline=$((SECONDS + TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
        state=$(timeout 5 sinfo -h -N -n "$host" -o %T 2>/dev/null | head -n1 || true)
        case "$state" in
            idle|mixed|allocated) break ;;
            down*|drain*|fail*)
                if [ $resumed -eq 0 ]; then
                    log "node is '$state', resuming it"
                    timeout 5 scontrol update nodename="$host" state=resume || true
                    resumed=1
                fi ;;
        esac
        for p in slurmctld slurmd; do
            local pid
            pid=$(read_pid "$STATE_DIR/$p.pid")
            if [ -z "$pid" ] || ! pid_is_ours "$pid" "$p"; then
                tail_log "$LOGDIR/$p.log"
                die "$p exited while waiting for the node"
            fi
        done
        sleep 0.5
    done
    case "$state" in
        idle|mixed|allocated) ;;
        *)
            timeout 5 sinfo -N -l >&2 || true
            timeout 5 scontrol show node "$host" >&2 || true
            tail_log "$LOGDIR/slurmctld.log"
            tail_log "$LOGDIR/slurmd.log"
            tail_log "$(run_dir)/munge/munged.log"
            die "node '$host' not idle after ${TIMEOUT}s (state: '${state:-unknown}')" ;;
    esac

    cat > "$STATE_DIR/env.sh" <<EOF
export SLURM_CONF=$CONF
EOF
    trap - EXIT
    log "cluster up: node $host is $state; partition 'debug'"
    echo "export SLURM_CONF=$CONF"
}

case "$ACTION" in
    start)  do_start ;;
    stop)   do_stop ;;
    status) do_status ;;
    *)      usage ;;
esac
