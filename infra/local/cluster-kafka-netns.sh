# Optional (CLUSTER_KAFKA_NETNS="3", or "1 2 3"): those Kafka nodes each run in a network namespace of their own, so
# the fault suite can cut one off from the others (`cluster.sh cut|heal kafka-N`) rather than kill it. Sourced by
# cluster-kafka.sh; needs root. Everything it makes is named after the port offset, so a cluster on another offset
# never shares it:
#   bridge  gmc<offset>br, address <subnet>.1/24: the host side, where the nodes left on the host listen;
#   node N  namespace govmetrics-c<offset>-kafka-N, veth gmc<offset>k<N>h (on the bridge) / gmc<offset>k<N>n (inside,
#           address <subnet>.(10+N)/24).
# A bridge rather than a veth pair per node into the host: namespaced nodes then reach each other at layer 2, with no
# IP forwarding to turn on in the host.

KAFKA_NETNS_NODES="${CLUSTER_KAFKA_NETNS:-}"
KAFKA_NETNS_NODES="${KAFKA_NETNS_NODES//,/ }"
NETNS_SUBNET="${CLUSTER_NETNS_SUBNET:-10.231.$((PORT_OFFSET / 100 % 256))}"
NETNS_BRIDGE="gmc${PORT_OFFSET}br"

netns_enabled() { [ -n "${KAFKA_NETNS_NODES// /}" ]; }
netns_node() { [[ " $KAFKA_NETNS_NODES " == *" $1 "* ]]; } # netns_node NODE: is it namespaced?
netns_name() { echo "govmetrics-c${PORT_OFFSET}-kafka-$1"; }
netns_inner_link() { echo "gmc${PORT_OFFSET}k$1n"; }

# The address node N listens on and advertises: loopback without the option; with it, every node leaves loopback
# (a namespaced node cannot reach the host's), the host ones onto the bridge's address.
kafka_host() {
  if ! netns_enabled; then echo 127.0.0.1; elif netns_node "$1"; then echo "$NETNS_SUBNET.$((10 + $1))"; else echo "$NETNS_SUBNET.1"; fi
}

# Refuses a subnet that any link other than ours already uses: the suite addresses only what it made.
netns_subnet_free() {
  local taken
  taken="$(ip -o -4 addr show | grep -F " $NETNS_SUBNET." | grep -v -e " $NETNS_BRIDGE " || true)"
  [ -z "$taken" ] || { log "FAILED: $NETNS_SUBNET.0/24 is already in use: $taken"; exit 1; }
}

netns_bridge_up() {
  command -v ip >/dev/null || apt_install iproute2
  ip link show "$NETNS_BRIDGE" >/dev/null 2>&1 && return 0
  netns_subnet_free
  ip link add "$NETNS_BRIDGE" type bridge
  ip addr add "$NETNS_SUBNET.1/24" dev "$NETNS_BRIDGE"
  ip link set "$NETNS_BRIDGE" up
  log "bridge $NETNS_BRIDGE on $NETNS_SUBNET.1/24"
}

netns_up() { # netns_up NODE: its namespace and veth pair, idempotent
  local ns outer inner; ns="$(netns_name "$1")"; outer="gmc${PORT_OFFSET}k$1h"; inner="$(netns_inner_link "$1")"
  netns_bridge_up
  ip netns list | awk '{ print $1 }' | grep -qx "$ns" && return 0
  ip netns add "$ns"
  ip link add "$outer" type veth peer name "$inner" netns "$ns"
  ip link set "$outer" master "$NETNS_BRIDGE"
  ip link set "$outer" up
  ip netns exec "$ns" ip addr add "$(kafka_host "$1")/24" dev "$inner"
  ip netns exec "$ns" ip link set "$inner" up
  ip netns exec "$ns" ip link set lo up
  log "kafka-$1 gets namespace $ns at $(kafka_host "$1")"
}

# The command prefix that runs node N where it lives.
netns_exec_prefix() { if netns_node "$1"; then echo "ip netns exec $(netns_name "$1")"; fi; }

# cut: the node's only link goes down inside its namespace; the process keeps running, unreachable both ways.
netns_link() { # netns_link cut|heal NODE
  netns_node "$2" || { log "FAILED: kafka-$2 is not in a namespace (CLUSTER_KAFKA_NETNS=\"$KAFKA_NETNS_NODES\")"; exit 2; }
  local state=down; [ "$1" = heal ] && state=up
  ip netns exec "$(netns_name "$2")" ip link set "$(netns_inner_link "$2")" "$state"
  log "kafka-$2's link $state"
}

netns_delete_all() { # every namespace and the bridge of this offset (deleting a namespace deletes its veth pair)
  local node
  for node in 1 2 3; do ip netns del "$(netns_name "$node")" 2>/dev/null || true; done
  ip link del "$NETNS_BRIDGE" 2>/dev/null || true
}
