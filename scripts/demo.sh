#!/usr/bin/env bash
# demo.sh: a complete subnet on a local dev chain, in a few minutes on 2 cores.
#
# Starts `taod` (1 s blocks), creates and starts a subnet (short tempo, no
# weights rate limit), registers two validators (staked, so they get
# validator permits) and three miners for an arithmetic task — one always
# right, one often wrong, one right but slow — serves the miners' axons with
# `mine serve`, runs `validate run` for both validators for several epochs,
# then prints the metagraph: incentive follows quality (right > slow > often
# wrong). Everything it started is stopped on exit (trap), and its scratch
# directory is removed (DEMO_KEEP=1 keeps it, with every log).
#
# Settings (environment): DEMO_BIN (a directory of prebuilt binaries;
# default: build them), DEMO_EPOCHS (default 4), DEMO_TEMPO in blocks
# (default 10), DEMO_PORT for the node API (default 19944), DEMO_AXON_IP
# (default 127.0.0.2: the chain refuses to publish 127.0.0.1, like
# subtensor, and the whole 127/8 is loopback on Linux).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
EPOCHS=${DEMO_EPOCHS:-4}
TEMPO=${DEMO_TEMPO:-10}
PORT=${DEMO_PORT:-19944}
AXON_IP=${DEMO_AXON_IP:-127.0.0.2}
NODE=http://127.0.0.1:$PORT
WORK=$(mktemp -d "${TMPDIR:-/tmp}/taokit-demo.XXXXXX")
BIN=$WORK/bin
PIDS=()

say() { printf '\n== %s\n' "$*" >&2; }

cleanup() {
	local code=$?
	trap - EXIT INT TERM
	if ((${#PIDS[@]})); then
		say "stopping ${#PIDS[@]} processes"
		for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
		for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	fi
	if [[ ${DEMO_KEEP:-0} == 1 ]]; then
		echo "logs and state kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit "$code"
}
trap cleanup EXIT INT TERM

if [[ -n ${DEMO_BIN:-} ]]; then
	BIN=$DEMO_BIN # prebuilt taod, taoctl, mine, validate
else
	say "building taod, taoctl, mine, validate into $BIN"
	mkdir -p "$BIN"
	(cd "$ROOT" && go build -o "$BIN/" ./cmd/taod ./cmd/taoctl ./cmd/mine ./cmd/validate)
fi
export PATH=$BIN:$PATH
export TAO_NODE=$NODE TAO_LOG_FORMAT=text

say "dev chain: 1 s blocks, API on $NODE"
taod init --home "$WORK/chain" --subnets 0 2>/dev/null
# A subnet may be started right after it is created on this demo chain.
sed -i 's/^sudo = .*/&\n\n[params]\n  start_call_delay = 0/' "$WORK/chain/genesis.toml"
taod run --home "$WORK/chain" --block-time 1s --api.listen "127.0.0.1:$PORT" >"$WORK/taod.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do
	taoctl subnet list -o json >/dev/null 2>&1 && break
	sleep 0.2
done

tx() { "$@" --yes -o json >>"$WORK/taoctl.log" 2>&1 || { echo "failed: $*" >&2; tail -5 "$WORK/taoctl.log" >&2; exit 1; }; }

say "subnet 1: create, start, tempo $TEMPO, no weights rate limit, 2 validator permits"
tx taoctl subnet create --wallet.name //Alice --wallet.hotkey //Alice//owner --subnet-name demo
NETUID=$(taoctl subnet list -o json | jq -s 'map(.netuid) | max')
tx taoctl subnet start --wallet.name //Alice --netuid "$NETUID"
for kv in tempo=$TEMPO weights_rate_limit=0 commit_reveal_weights_enabled=false max_allowed_validators=2 immunity_period=1000; do
	tx taoctl subnet hyperparameters set --wallet.name //Alice --netuid "$NETUID" --param "${kv%%=*}" --value "${kv#*=}"
done

say "registering validators (//Bob//v1, //Charlie//v2, 100 τ staked each) and miners (//Dave//right, //Eve//often-wrong, //Ferdie//slow)"
tx taoctl register --wallet.name //Bob --wallet.hotkey //Bob//v1 --netuid "$NETUID"
tx taoctl register --wallet.name //Charlie --wallet.hotkey //Charlie//v2 --netuid "$NETUID"
tx taoctl stake add --wallet.name //Bob --wallet.hotkey //Bob//v1 --netuid "$NETUID" --amount 100 --tolerance 100%
tx taoctl stake add --wallet.name //Charlie --wallet.hotkey //Charlie//v2 --netuid "$NETUID" --amount 100 --tolerance 100%
tx taoctl register --wallet.name //Dave --wallet.hotkey //Dave//right --netuid "$NETUID"
tx taoctl register --wallet.name //Eve --wallet.hotkey //Eve//often-wrong --netuid "$NETUID"
tx taoctl register --wallet.name //Ferdie --wallet.hotkey //Ferdie//slow --netuid "$NETUID"

# The task: "a + b" on stdin, the sum on stdout.
mkdir -p "$WORK/subnet"
cat >"$WORK/subnet/right.sh" <<'SH'
#!/usr/bin/env bash
expr $(cat)
SH
cat >"$WORK/subnet/often-wrong.sh" <<'SH'
#!/usr/bin/env bash
in=$(cat)
if ((RANDOM % 5)); then echo $((RANDOM % 100)); else expr $in; fi
SH
cat >"$WORK/subnet/slow.sh" <<'SH'
#!/usr/bin/env bash
in=$(cat)
sleep 2
expr $in
SH
cat >"$WORK/subnet/challenge.sh" <<'SH'
#!/usr/bin/env bash
a=$((RANDOM % 1000)) b=$((RANDOM % 1000))
echo "$a + $b"
echo $((a + b)) >"$VALIDATE_EXPECTED_FILE"
SH
cat >"$WORK/subnet/score.sh" <<'SH'
#!/usr/bin/env bash
# the miner's answer on stdin; 1 if it is the expected sum, else 0
[[ "$(cat)" == "$(cat "$VALIDATE_EXPECTED_FILE")" ]] && echo 1 || echo 0
SH
chmod +x "$WORK/subnet/"*.sh

say "serving the miners' axons on $AXON_IP"
port=18091
for m in Dave//right Eve//often-wrong Ferdie//slow; do
	mine serve --netuid "$NETUID" --wallet.hotkey "//$m" --listen "$AXON_IP:$port" --refresh 3s -- "$WORK/subnet/${m#*//}.sh" \
		>"$WORK/mine-${m#*//}.log" 2>&1 &
	PIDS+=($!)
	port=$((port + 1))
done

say "validators: a round every $TEMPO blocks (latency weight 0.3: the slow miner loses some)"
for v in Bob//v1 Charlie//v2; do
	validate run --netuid "$NETUID" --wallet.hotkey "//$v" --state "$WORK/${v#*//}.json" \
		--challenge-cmd "$WORK/subnet/challenge.sh" --scorer "$WORK/subnet/score.sh" \
		--timeout 5s --latency-weight 0.3 --alpha 0.3 --every "$TEMPO" -o json \
		>"$WORK/scores-${v#*//}.jsonl" 2>"$WORK/validate-${v#*//}.log" &
	PIDS+=($!)
done

# Permits come with the first epoch; weights then need one more epoch to
# turn into incentive.
total=$(((EPOCHS + 1) * TEMPO))
say "running $EPOCHS epochs (~${total}s)"
for ((i = 0; i < total; i += 5)); do
	sleep 5
	h=$(taoctl subnet metagraph --netuid "$NETUID" -o json | jq -r '.height')
	printf '   block %s\n' "$h" >&2
done

say "metagraph of subnet $NETUID"
taoctl subnet metagraph --netuid "$NETUID" -o table

MG=$(taoctl subnet metagraph --netuid "$NETUID" -o json)
inc() { jq -r --arg hk "$1" '.neurons[] | select(.hotkey == $hk) | .incentive' <<<"$MG"; }
# SS58 of a secret URI (mine seal echoes the hotkey it hashed).
addr() { mine seal --block-hash "0x$(printf '0%.0s' {1..64})" --hotkey "$1" -o json | jq -r .hotkey; }
right=$(inc "$(addr //Dave//right)") slow=$(inc "$(addr //Ferdie//slow)") wrong=$(inc "$(addr //Eve//often-wrong)")
say "incentive (of 65535): right $right · slow $slow · often wrong $wrong"
rounds=$(cat "$WORK"/scores-*.jsonl | jq -s 'map(.round) | max')
echo "validator rounds: $rounds; last scores:" >&2
cat "$WORK"/scores-v1.jsonl | jq -c 'select(.status != "no_axon") | {round, uid, status, quality, latency_ms, score, ema, weight}' | tail -3 >&2
if ((right > slow && slow > wrong)); then
	say "OK: incentive is ordered by quality"
else
	say "UNEXPECTED ORDER (set DEMO_KEEP=1 to keep the logs)"
	exit 1
fi
