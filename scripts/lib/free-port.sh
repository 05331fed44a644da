# shellcheck shell=bash
# scripts/lib/free-port.sh: pick a free TCP port on 127.0.0.1.
#
# Source it, then:   port=$(free_port)
#
# The kernel hands out the port (Node binds port 0 on loopback and reports what it got);
# without Node, random ports in 20000-39999 are probed with bash's /dev/tcp until one refuses
# connections. Either way another process could take the port before we bind it, so callers
# that start a server should be ready to retry with a new port.
# Defines functions only; it does not change the caller's shell options.

free_port() {
  local port
  if command -v node >/dev/null 2>&1; then
    port=$(node -e '
      const s = require("node:net").createServer();
      s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => console.log(port)); });
    ' 2>/dev/null) && [[ $port =~ ^[0-9]+$ ]] && { echo "$port"; return 0; }
  fi
  local _attempt
  for _attempt in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    # A refused connection means nobody listens there.
    if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "free_port: no free port found on 127.0.0.1" >&2
  return 1
}
